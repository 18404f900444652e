"""UNet and VAE goldens: diffusers v0.31.0's UNet2DConditionModel with SD-Turbo's (SD 2.1's) architecture and its
AutoencoderKL in the SD and FLUX layouts, all tiny and randomly weighted, each saved as a user's folder holds it
(unet/ or vae/ with config.json + diffusion_pytorch_model[.fp16].safetensors, via save_pretrained), with the forward pass's
inputs and outputs in golden.safetensors."""
import os

import torch

import diffusers
from diffusers import AutoencoderKL, UNet2DConditionModel
from parity_common import generator, randomize_, save_golden

PINNED = "0.31.0"

# stabilityai/sd-turbo unet/config.json, with the widths shrunk: every block type, the level count, two resnets per
# level, per-level head counts in "attention_head_dim" (diffusers' naming bug: they are head COUNTS; SD-Turbo's
# [5, 10, 20, 20] keep head_dim 64, these keep head_dim 4), linear projections, GEGLU, flip_sin_to_cos with
# freq_shift 0, and a cross_attention_dim unlike any channel width (so a swapped context/query width cannot load).
# norm_num_groups 4 (SD's 32 would leave less than one channel per group at these widths).
UNET_CONFIG = dict(
    sample_size=8,
    in_channels=4,
    out_channels=4,
    center_input_sample=False,
    flip_sin_to_cos=True,
    freq_shift=0,
    down_block_types=("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"),
    mid_block_type="UNetMidBlock2DCrossAttn",
    up_block_types=("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
    only_cross_attention=False,
    block_out_channels=(8, 16, 16, 16),
    layers_per_block=2,
    downsample_padding=1,
    mid_block_scale_factor=1,
    dropout=0.0,
    act_fn="silu",
    norm_num_groups=4,
    norm_eps=1e-5,
    cross_attention_dim=12,
    transformer_layers_per_block=1,
    attention_head_dim=(2, 4, 4, 4),
    num_attention_heads=None,
    dual_cross_attention=False,
    use_linear_projection=True,
    upcast_attention=True,  # as SD-Turbo's; changes nothing in float32
    resnet_time_scale_shift="default",
    time_embedding_type="positional",
    conv_in_kernel=3,
    conv_out_kernel=3,
)

# stabilityai/sd-turbo vae/config.json (the SD 2.x VAE), widths shrunk: four levels (downscale 8), two resnets per
# encoder level (three per decoder level), mid-block attention, quant convs, 4 latent channels, scaling 0.18215.
SD_VAE_CONFIG = dict(
    in_channels=3,
    out_channels=3,
    down_block_types=("DownEncoderBlock2D",) * 4,
    up_block_types=("UpDecoderBlock2D",) * 4,
    block_out_channels=(8, 16, 16, 16),
    layers_per_block=2,
    act_fn="silu",
    latent_channels=4,
    norm_num_groups=4,
    sample_size=32,
    scaling_factor=0.18215,
    force_upcast=True,
    use_quant_conv=True,
    use_post_quant_conv=True,
    mid_block_add_attention=True,
)

# black-forest-labs/FLUX.1-schnell vae/config.json, widths shrunk: 16 latent channels, scaling 0.3611, shift 0.1159,
# no quant convs.
FLUX_VAE_CONFIG = dict(SD_VAE_CONFIG, latent_channels=16, scaling_factor=0.3611, shift_factor=0.1159,
                       use_quant_conv=False, use_post_quant_conv=False)


def save_model(model, folder, dtype, variant):
    """Rounds the weights to `dtype` and saves them in it, as the published folders hold them (SD-Turbo's
    diffusion_pytorch_model.fp16.safetensors, FLUX.1-schnell's bfloat16 files): half the bytes of float32, so the
    goldens stay small. The reference then runs in float32 on exactly the weights the file holds."""
    model.to(dtype).save_pretrained(folder, variant=variant)
    return model.to(torch.float32)


def unet_goldens(out, seed):
    name = "unet_sd_turbo_tiny"
    folder = os.path.join(out, name)
    gen = generator(seed, 21)
    model = randomize_(UNet2DConditionModel(**UNET_CONFIG), gen).eval()
    model = save_model(model, os.path.join(folder, "unet"), torch.float16, "fp16")
    tensors = {}
    # Batch 2 at two timesteps (999, SD-Turbo's single step, and a mid one) on an 8x8 latent; then one sample at a
    # latent size that is no multiple of the UNet's downscale 8 (10x6: the upsampling follows the skip
    # connections' sizes), at a float timestep given as a scalar, as the pipeline passes it.
    cases = {
        "batch": ((2, 4, 8, 8), torch.tensor([999, 421], dtype=torch.int64), 7),
        "odd": ((1, 4, 10, 6), torch.tensor(637.0), 5),
    }
    with torch.no_grad():
        for case, (shape, timesteps, tokens) in cases.items():
            sample = torch.randn(shape, generator=gen)
            context = torch.randn((shape[0], tokens, UNET_CONFIG["cross_attention_dim"]), generator=gen)
            output = model(sample, timesteps, encoder_hidden_states=context).sample
            tensors[f"{case}.sample"] = sample
            tensors[f"{case}.timesteps"] = timesteps.to(torch.float32).reshape(-1)
            tensors[f"{case}.encoder_hidden_states"] = context
            tensors[f"{case}.output"] = output
            # The pieces a mismatch would point at first: the time embedding (sinusoids -> MLP).
            steps = timesteps.reshape(-1).expand(shape[0])
            tensors[f"{case}.time_proj"] = model.time_proj(steps)
            tensors[f"{case}.time_embedding"] = model.time_embedding(model.time_proj(steps))
    save_golden(folder, tensors, diffusers=diffusers.__version__)
    return name


def vae_goldens(out, seed, name, config, salt, dtype, variant):
    folder = os.path.join(out, name)
    gen = generator(seed, salt)
    model = randomize_(AutoencoderKL(**config), gen).eval()
    model = save_model(model, os.path.join(folder, "vae"), dtype, variant)
    scaling = model.config.scaling_factor
    shift = model.config.shift_factor or 0.0
    with torch.no_grad():
        # Images in [-1, 1], 32x24 (latent 4x3), batch 2.
        images = torch.rand((2, 3, 32, 24), generator=gen) * 2 - 1
        posterior = model.encode(images).latent_dist
        # Diffusion-space latents as a pipeline decodes them: vae.decode(latents / scaling + shift).
        latents = torch.randn((2, config["latent_channels"], 4, 3), generator=gen)
        decoded = model.decode(latents / scaling + shift).sample
    tensors = {
        "images": images,
        "encode.mean": posterior.mean,
        "encode.logvar": posterior.logvar,
        "encode.std": posterior.std,
        # As img2img / training scripts take the latent of the posterior mean into diffusion space.
        "encode.latents": (posterior.mean - shift) * scaling,
        "latents": latents,
        "decode.images": decoded,
    }
    save_golden(folder, tensors, diffusers=diffusers.__version__)
    return name


def write(out, seed):
    if diffusers.__version__ != PINNED:
        raise SystemExit(f"gen_unet_vae: diffusers {diffusers.__version__} found; the goldens pin v{PINNED}")
    return [
        unet_goldens(out, seed),
        vae_goldens(out, seed, "vae_sd_tiny", SD_VAE_CONFIG, 22, torch.float16, "fp16"),
        vae_goldens(out, seed, "vae_flux_tiny", FLUX_VAE_CONFIG, 23, torch.bfloat16, None),
    ]
