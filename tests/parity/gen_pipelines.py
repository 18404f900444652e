"""Whole-pipeline goldens: diffusers v0.31.0's StableDiffusionPipeline (with SD-Turbo's Euler scheduler) and
FluxPipeline (with FLUX.1-schnell's flow-matching scheduler), each run from fixed prompt embeddings and fixed initial
latents at 1 and 4 steps, from the noise to the 8-bit image. Tiny random UNet / FLUX transformer and AutoencoderKL,
saved as a user's folder holds them (pipeline save_pretrained: model_index.json, unet/ or transformer/, vae/,
scheduler/). The text encoders are left out (None): transformers cannot be installed here, and the embeddings are
inputs. Each step's model input, timestep and output and the latents after it are kept too, so that a mismatch can be
pinned on the scheduler, the model call or the decode."""
import importlib
import importlib.util
import os
import sys

import torch

import diffusers
from diffusers import (AutoencoderKL, EulerDiscreteScheduler, FlowMatchEulerDiscreteScheduler,
                       FluxTransformer2DModel, UNet2DConditionModel)
from gen_schedulers import FLUX_SCHNELL_SCHEDULER, SD_TURBO_SCHEDULER
from parity_common import HERE, generator, randomize_, save_golden

PINNED = "0.31.0"
STEPS = (1, 4)
BATCH = 2
# Latent height x width: unequal, so that a swapped height and width (FLUX's image ids and 2x2 packing, the VAE's
# upsampling) cannot pass.
LATENT_HW = (8, 6)

# stabilityai/sd-turbo unet/config.json's architecture, tiny: a cross-attention level and a plain one (down- and
# upsampling between them), two resnets per level, the cross-attention mid block, linear projections, GEGLU,
# flip_sin_to_cos with freq_shift 0, per-level head counts in "attention_head_dim" (diffusers' naming; head_dim 4).
# cross_attention_dim 32 is the width of the tiny CLIP text encoder the C++ test adds to the folder (SdTurboPipeline
# checks that the two agree); the prompt embeddings here are random [B, 77, 32].
UNET_CONFIG = dict(
    sample_size=8,
    in_channels=4,
    out_channels=4,
    flip_sin_to_cos=True,
    freq_shift=0,
    down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
    mid_block_type="UNetMidBlock2DCrossAttn",
    up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
    block_out_channels=(8, 16),
    layers_per_block=2,
    act_fn="silu",
    norm_num_groups=4,
    norm_eps=1e-5,
    cross_attention_dim=32,
    attention_head_dim=(2, 4),
    use_linear_projection=True,
    upcast_attention=False,
)

# stabilityai/sd-turbo vae/config.json's architecture, tiny: four levels (downscale 8), mid-block attention, quant
# convs, 4 latent channels, scaling 0.18215.
SD_VAE_CONFIG = dict(
    in_channels=3,
    out_channels=3,
    down_block_types=("DownEncoderBlock2D",) * 4,
    up_block_types=("UpDecoderBlock2D",) * 4,
    block_out_channels=(8, 8, 8, 8),
    layers_per_block=1,
    act_fn="silu",
    latent_channels=4,
    norm_num_groups=4,
    sample_size=64,
    scaling_factor=0.18215,
    force_upcast=True,
    use_quant_conv=True,
    use_post_quant_conv=True,
    mid_block_add_attention=True,
)

# black-forest-labs/FLUX.1-schnell vae/config.json's layout: 16 latent channels, scaling 0.3611, shift 0.1159, no
# quant convs.
FLUX_VAE_CONFIG = dict(SD_VAE_CONFIG, latent_channels=16, scaling_factor=0.3611, shift_factor=0.1159,
                       use_quant_conv=False, use_post_quant_conv=False)

# black-forest-labs/FLUX.1-schnell transformer/config.json's architecture, tiny: a double (joint) block and two
# single blocks, three rotary axes summing to the head dim, 2x2-packed 16-channel latents (in_channels 64), no
# guidance embedding (schnell). joint_attention_dim and pooled_projection_dim 32 are the widths of the tiny T5 and
# CLIP text encoders the C++ test adds to the folder.
FLUX_TRANSFORMER_CONFIG = dict(
    patch_size=1,
    in_channels=64,
    num_layers=1,
    num_single_layers=2,
    attention_head_dim=8,
    num_attention_heads=2,
    joint_attention_dim=32,
    pooled_projection_dim=32,
    guidance_embeds=False,
    axes_dims_rope=(2, 2, 4),
)
SD_PROMPT_TOKENS = 77
FLUX_T5_TOKENS = 16


def pipeline_classes():
    """StableDiffusionPipeline and FluxPipeline from their own modules. Without transformers, diffusers' top level
    offers only dummies for them; their modules import transformers' class names (placeholders, never built: the
    text encoders are None here) and four loader mixins that diffusers.loaders lists only when transformers is
    installed (the real ones, except IPAdapterMixin, whose module needs safetensors.safe_open: an empty stand-in,
    as no IP adapter is loaded)."""
    if importlib.util.find_spec("transformers") is not None:
        from diffusers import FluxPipeline, StableDiffusionPipeline
        return StableDiffusionPipeline, FluxPipeline
    placeholder = os.path.join(HERE, "stubs", "transformers_placeholder")
    sys.path.insert(0, placeholder)
    try:
        import diffusers.loaders as loaders
        for module, names in {"single_file": ["FromSingleFileMixin"],
                              "lora_pipeline": ["StableDiffusionLoraLoaderMixin", "FluxLoraLoaderMixin"],
                              "textual_inversion": ["TextualInversionLoaderMixin"]}.items():
            imported = importlib.import_module("diffusers.loaders." + module)
            for name in names:
                setattr(loaders, name, getattr(imported, name))
        if not hasattr(loaders, "IPAdapterMixin"):
            setattr(loaders, "IPAdapterMixin", type("IPAdapterMixin", (), {}))
        from diffusers.pipelines.flux.pipeline_flux import FluxPipeline
        from diffusers.pipelines.stable_diffusion.pipeline_stable_diffusion import StableDiffusionPipeline
    finally:
        # The placeholder leaves no trace: a later golden module that asks for transformers finds none.
        sys.path.remove(placeholder)
        for name in [name for name in sys.modules if name == "transformers" or name.startswith("transformers.")]:
            del sys.modules[name]
    return StableDiffusionPipeline, FluxPipeline


def quiet_decoder_(vae):
    """Random weights saturate the decoder's output; a last convolution scaled by 0.3 keeps all but
    about 0.3% of the pixels inside (0, 1) (some still reach the clamp), so that the 8-bit comparison sees nearly every
    pixel."""
    with torch.no_grad():
        vae.decoder.conv_out.weight.mul_(0.3)
        vae.decoder.conv_out.bias.mul_(0.3)
    return vae


class Recorder:
    """Wraps a module's forward to keep each call's named inputs and its output: the pipelines call the UNet and
    the transformer with keyword arguments, which torch 1.13's forward hooks do not see."""

    def __init__(self, module, keys):
        self.calls = []
        self.forward = module.forward

        def recording(*args, **kwargs):
            output = self.forward(*args, **kwargs)
            named = dict(zip(keys, args))
            named.update({key: kwargs[key] for key in keys if key in kwargs})
            named["output"] = output[0] if isinstance(output, tuple) else output.sample
            self.calls.append({key: value.detach().clone() for key, value in named.items() if torch.is_tensor(value)})
            return output

        module.forward = recording

    def restore(self, module):
        del module.forward


def keep_latents(store):
    def callback(pipe, i, t, kwargs):
        store.append(kwargs["latents"].detach().clone())
        return {}
    return callback


def to_8bit(image):
    """diffusers' numpy_to_pil: (image * 255).round() as uint8, images [B, H, W, 3]."""
    return (image.permute(0, 2, 3, 1) * 255).round().to(torch.uint8)


def sd_turbo_golden(out, seed, StableDiffusionPipeline):
    name = "pipeline_sd_turbo_tiny"
    folder = os.path.join(out, name)
    gen = generator(seed, 41)
    unet = randomize_(UNet2DConditionModel(**UNET_CONFIG), gen).eval()
    vae = quiet_decoder_(randomize_(AutoencoderKL(**SD_VAE_CONFIG), gen)).eval()
    scheduler = EulerDiscreteScheduler.from_config(SD_TURBO_SCHEDULER)
    pipe = StableDiffusionPipeline(vae=vae, text_encoder=None, tokenizer=None, unet=unet, scheduler=scheduler,
                                   safety_checker=None, feature_extractor=None, requires_safety_checker=False)
    # SD-Turbo's folder holds float16 variants (diffusion_pytorch_model.fp16.safetensors), which TasteLab prefers.
    pipe.to(torch.float16)
    pipe.save_pretrained(folder, variant="fp16")
    pipe.to(torch.float32)

    height, width = (side * pipe.vae_scale_factor for side in LATENT_HW)
    prompt_embeds = torch.randn((BATCH, SD_PROMPT_TOKENS, UNET_CONFIG["cross_attention_dim"]), generator=gen)
    noise = torch.randn((BATCH, 4) + LATENT_HW, generator=gen)  # unit variance: the pipeline scales it
    tensors = {"prompt_embeds": prompt_embeds, "noise": noise}
    for steps in STEPS:
        prefix = f"steps{steps}."
        recorder = Recorder(unet, ["sample", "timestep", "encoder_hidden_states"])
        latents = []
        with torch.no_grad():
            image = pipe(prompt_embeds=prompt_embeds, latents=noise.clone(), height=height, width=width,
                         num_inference_steps=steps, guidance_scale=0.0, output_type="pt",
                         callback_on_step_end=keep_latents(latents)).images
        recorder.restore(unet)
        assert len(recorder.calls) == steps and len(latents) == steps
        tensors[prefix + "timesteps"] = pipe.scheduler.timesteps.clone()
        tensors[prefix + "init_noise_sigma"] = torch.tensor([float(pipe.scheduler.init_noise_sigma)])
        for i, call in enumerate(recorder.calls):
            tensors[f"{prefix}unet_input{i}"] = call["sample"]
            tensors[f"{prefix}unet_timestep{i}"] = call["timestep"].to(torch.float32).reshape(-1)
            tensors[f"{prefix}noise_pred{i}"] = call["output"]
            tensors[f"{prefix}latents{i + 1}"] = latents[i]
        tensors[prefix + "final_latents"] = latents[-1]
        tensors[prefix + "image"] = image
        tensors[prefix + "image_uint8"] = to_8bit(image)
    save_golden(folder, tensors, diffusers=diffusers.__version__)
    return name


def flux_schnell_golden(out, seed, FluxPipeline):
    name = "pipeline_flux_schnell_tiny"
    folder = os.path.join(out, name)
    gen = generator(seed, 42)
    transformer = randomize_(FluxTransformer2DModel(**FLUX_TRANSFORMER_CONFIG), gen).eval()
    vae = quiet_decoder_(randomize_(AutoencoderKL(**FLUX_VAE_CONFIG), gen)).eval()
    scheduler = FlowMatchEulerDiscreteScheduler.from_config(FLUX_SCHNELL_SCHEDULER)
    pipe = FluxPipeline(scheduler=scheduler, vae=vae, text_encoder=None, tokenizer=None, text_encoder_2=None,
                        tokenizer_2=None, transformer=transformer)
    # FLUX.1-schnell's folder holds bfloat16 weights under the plain file names.
    pipe.to(torch.bfloat16)
    pipe.save_pretrained(folder)
    pipe.to(torch.float32)

    # FluxPipeline's vae_scale_factor is twice the VAE's downscale (2 ** levels): the latent is 2 * (height // it).
    height, width = (side * pipe.vae_scale_factor // 2 for side in LATENT_HW)
    t5 = torch.randn((BATCH, FLUX_T5_TOKENS, FLUX_TRANSFORMER_CONFIG["joint_attention_dim"]), generator=gen)
    pooled = torch.randn((BATCH, FLUX_TRANSFORMER_CONFIG["pooled_projection_dim"]), generator=gen)
    noise = torch.randn((BATCH, 16) + LATENT_HW, generator=gen)
    # The pipeline takes given latents already packed: the reference's own packing.
    packed = FluxPipeline._pack_latents(noise, BATCH, 16, *LATENT_HW)
    tensors = {"prompt_embeds": t5, "pooled_prompt_embeds": pooled, "noise": noise, "packed_noise": packed}
    for steps in STEPS:
        prefix = f"steps{steps}."
        recorder = Recorder(transformer, ["hidden_states", "timestep", "img_ids", "txt_ids"])
        latents = []
        with torch.no_grad():
            image = pipe(prompt_embeds=t5, pooled_prompt_embeds=pooled, latents=packed.clone(), height=height,
                         width=width, num_inference_steps=steps, guidance_scale=0.0, output_type="pt",
                         callback_on_step_end=keep_latents(latents)).images
        recorder.restore(transformer)
        assert len(recorder.calls) == steps and len(latents) == steps
        tensors[prefix + "timesteps"] = pipe.scheduler.timesteps.clone()
        tensors[prefix + "sigmas"] = pipe.scheduler.sigmas.clone()
        for i, call in enumerate(recorder.calls):
            tensors[f"{prefix}transformer_input{i}"] = call["hidden_states"]
            tensors[f"{prefix}transformer_timestep{i}"] = call["timestep"].reshape(-1)  # t / 1000
            tensors[f"{prefix}velocity{i}"] = call["output"]
            tensors[f"{prefix}latents{i + 1}"] = latents[i]
        tensors["img_ids"] = recorder.calls[0]["img_ids"]
        tensors["txt_ids"] = recorder.calls[0]["txt_ids"]
        # What the VAE decodes: the unpacked latents before (z / scaling + shift).
        tensors[prefix + "final_latents"] = FluxPipeline._unpack_latents(latents[-1], height, width,
                                                                         pipe.vae_scale_factor)
        tensors[prefix + "image"] = image
        tensors[prefix + "image_uint8"] = to_8bit(image)
    save_golden(folder, tensors, diffusers=diffusers.__version__)
    return name


def write(out, seed):
    if diffusers.__version__ != PINNED:
        raise SystemExit(f"gen_pipelines: diffusers {diffusers.__version__} found; the goldens pin v{PINNED}")
    StableDiffusionPipeline, FluxPipeline = pipeline_classes()
    return [sd_turbo_golden(out, seed, StableDiffusionPipeline), flux_schnell_golden(out, seed, FluxPipeline)]
