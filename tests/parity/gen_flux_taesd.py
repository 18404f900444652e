"""FLUX transformer and tiny autoencoder goldens.

- flux_transformer_tiny/: diffusers v0.31.0's FluxTransformer2DModel in a tiny random configuration with every
  feature of FLUX.1-schnell's (double and single blocks, three rotary axes of different sizes summing to the head
  dimension, AdaLayerNormZero(Single), the continuous final norm, the pooled projection and the context embedder, no
  guidance embedder, in_channels 64 = 2x2 packed patches of 16 latent channels), saved as a user's transformer/
  folder holds it, and called as FluxPipeline calls it (packed latents, timestep t/1000, img_ids/txt_ids as the
  pipeline builds them), with the intermediate tensors that localise a mismatch.
- taesd_tiny/: diffusers v0.31.0's AutoencoderTiny with TAESD's layout (4 latent channels), narrowed, as a
  diffusers folder (vae/config.json + diffusion_pytorch_model.safetensors); decode and encode in diffusers'
  [-1, 1] image convention.
- taef2_tiny/: TAEF2 (FLUX.2's tiny autoencoder: 32 latent channels, the GroupNorm branch in the blocks at the latent
  resolution). diffusers v0.31.0's AutoencoderTiny has no GroupNorm branch, so the reference is madebyollin/taesd's
  own taesd.py at commit 5cccb12 ("Add support for FLUX.2 VAE"), with its layer order unchanged and the width 64
  narrowed; saved as the published taef2_decoder.pth / taef2_encoder.pth are (torch.save of the nn.Sequential's
  state dict), in TAESD's [0, 1] image convention.
- taef2_real/: the published TAEF2 weights (madebyollin/taesd's taef2_decoder.pth / taef2_encoder.pth, from the shared
  data folder; not copied here) loaded by taesd.py's own TAESD class as its README shows, decoding and encoding one
  small fixed input. Written only where the shared weights are present.
"""
import ast
import hashlib
import os
import sys

import torch

import diffusers
from diffusers import AutoencoderTiny, FluxTransformer2DModel
from parity_common import HERE, ReferenceMissing, generator, randomize_, save_golden, write_json

PINNED = "0.31.0"
# madebyollin/taesd's taesd.py at commit 5cccb12dc72074a4be35680c3b108548a7c69978 (git show 5cccb12:taesd.py).
TAESD_PY_DIR = os.environ.get("TASTELAB_TAESD_REF", "/tmp/parity_ref/taesd")
TAESD_PY_SHA256 = "6ba2db17ca73c2eac735060dd890719c2bcf09734eb85cc0c6d8b86052ee4220"

# The published TAEF2 pair, as tests/model/taesd_test.cpp finds it (TASTELAB_SHARED_DATA, else ../shared/data).
SHARED_DATA = os.environ.get("TASTELAB_SHARED_DATA", os.path.join(HERE, "..", "..", "..", "shared", "data"))

# FLUX.1-schnell's transformer/config.json scaled down: 2 heads of 16 (schnell 24 of 128), rotary axes 4 + 6 + 6
# (schnell 16 + 56 + 56: a smaller first axis, two equal ones), in_channels 64 as schnell (2x2 patches of 16
# latent channels), joint_attention_dim 32 (schnell 4096, T5's d_model), pooled_projection_dim 24 (schnell 768,
# CLIP's hidden size), two blocks of each kind, no guidance embedder.
FLUX_CONFIG = dict(
    patch_size=1,
    in_channels=64,
    num_layers=2,
    num_single_layers=2,
    attention_head_dim=16,
    num_attention_heads=2,
    joint_attention_dim=32,
    pooled_projection_dim=24,
    guidance_embeds=False,
    axes_dims_rope=(4, 6, 6),
)
LATENT_CHANNELS, LATENT_H, LATENT_W = 16, 8, 6  # not square, so that a swapped height/width axis shows
TEXT_LENGTH, BATCH = 5, 2
SCHEDULER_T = 750.0  # FLUX.1-schnell's second of 4 steps (sigma 0.75), as the scheduler gives it

# TAESD's layout (diffusers' defaults: 1 + 3 x 3 encoder blocks, 3 x 3 + 1 decoder blocks) at width 8 instead of 64.
TINY_WIDTH = 8


def _check_version():
    if diffusers.__version__ != PINNED:
        raise SystemExit(f"diffusers {diffusers.__version__} found; the goldens are pinned to {PINNED}")


class FluxPipeline:
    """FluxPipeline's own _pack_latents and _prepare_latent_image_ids, compiled from diffusers' pipeline_flux.py:
    importing the pipeline module needs transformers, which these machines lack."""


def _load_pipeline_helpers():
    source_file = os.path.join(os.path.dirname(diffusers.__file__), "pipelines", "flux", "pipeline_flux.py")
    with open(source_file) as source:
        tree = ast.parse(source.read(), source_file)
    pipeline = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "FluxPipeline")
    wanted = {"_pack_latents", "_prepare_latent_image_ids"}
    functions = [node for node in pipeline.body if isinstance(node, ast.FunctionDef) and node.name in wanted]
    if {function.name for function in functions} != wanted:
        raise SystemExit(f"{source_file}: FluxPipeline lacks {wanted}")
    for function in functions:
        function.decorator_list = []  # @staticmethod: set on the class below
    namespace = {"torch": torch}
    exec(compile(ast.Module(body=functions, type_ignores=[]), source_file, "exec"), namespace)
    for name in wanted:
        setattr(FluxPipeline, name, staticmethod(namespace[name]))


def _import_taesd_reference():
    path = os.path.join(TAESD_PY_DIR, "taesd.py")
    if not os.path.isfile(path):
        raise ReferenceMissing(f"{path} (madebyollin/taesd at 5cccb12, see README.md) is missing")
    with open(path, "rb") as source:
        digest = hashlib.sha256(source.read()).hexdigest()
    if digest != TAESD_PY_SHA256:
        raise SystemExit(f"{path} is not madebyollin/taesd's taesd.py at 5cccb12 (sha256 {digest})")
    sys.path.insert(0, TAESD_PY_DIR)
    try:
        import taesd  # noqa: E402
    finally:
        sys.path.remove(TAESD_PY_DIR)
    return taesd


# ---- FLUX transformer ------------------------------------------------------------------------------------------------


def _record_calls(module, store, name):
    """diffusers calls the blocks with keyword arguments, which torch 1.13's forward hooks do not see: wrap forward."""
    original = module.forward

    def recorded(*args, **kwargs):
        output = original(*args, **kwargs)
        if name not in store:  # the first call only
            store[name] = (args, kwargs, output)
        return output

    module.forward = recorded


def flux_golden(out, seed):
    gen = generator(seed, 31)
    folder = os.path.join(out, "flux_transformer_tiny")
    model = FluxTransformer2DModel(**FLUX_CONFIG)
    randomize_(model, gen)
    model.eval()
    # As a user's folder holds it: transformer/config.json + diffusion_pytorch_model.safetensors.
    model.save_pretrained(os.path.join(folder, "transformer"), safe_serialization=True)

    # The pipeline's inputs: 2x2-packed latents, T5 states, CLIP's pooled output, t/1000 for the batch, the ids.
    latents = torch.randn((BATCH, LATENT_CHANNELS, LATENT_H, LATENT_W), generator=gen)
    hidden = FluxPipeline._pack_latents(latents, BATCH, LATENT_CHANNELS, LATENT_H, LATENT_W)
    encoder_hidden = torch.randn((BATCH, TEXT_LENGTH, FLUX_CONFIG["joint_attention_dim"]), generator=gen)
    pooled = torch.randn((BATCH, FLUX_CONFIG["pooled_projection_dim"]), generator=gen)
    t = torch.tensor(SCHEDULER_T)
    timestep = t.expand(BATCH).to(hidden.dtype) / 1000
    img_ids = FluxPipeline._prepare_latent_image_ids(BATCH, LATENT_H, LATENT_W, "cpu", hidden.dtype)
    txt_ids = torch.zeros(TEXT_LENGTH, 3)

    calls = {}
    _record_calls(model.time_text_embed, calls, "time_text_embed")
    _record_calls(model.pos_embed, calls, "pos_embed")
    _record_calls(model.transformer_blocks[0], calls, "double0")
    _record_calls(model.single_transformer_blocks[0], calls, "single0")
    with torch.no_grad():
        output = model(
            hidden_states=hidden,
            encoder_hidden_states=encoder_hidden,
            pooled_projections=pooled,
            timestep=timestep,
            img_ids=img_ids,
            txt_ids=txt_ids,
            guidance=None,
            return_dict=False,
        )[0]
        # The rotary tables for ids with every axis non-zero (the pipeline's axis 0 is always 0).
        ids = torch.stack(
            [torch.arange(7) % 3, torch.arange(7) * 5 % 11, 63 - torch.arange(7) * 9], dim=1
        ).to(torch.float32)
        rotary_cos, rotary_sin = model.pos_embed(ids)

    _, double_kwargs, (double_context, double_hidden) = calls["double0"]
    _, single_kwargs, single_output = calls["single0"]
    tensors = {
        "latents": latents,
        "hidden_states": hidden,
        "encoder_hidden_states": encoder_hidden,
        "pooled_projections": pooled,
        "timestep": timestep,
        "img_ids": img_ids,
        "txt_ids": txt_ids,
        "output": output,
        "temb": calls["time_text_embed"][2],
        "pipeline_rotary_cos": calls["pos_embed"][2][0],
        "pipeline_rotary_sin": calls["pos_embed"][2][1],
        "rotary_ids": ids,
        "rotary_cos": rotary_cos,
        "rotary_sin": rotary_sin,
        "double0.in_hidden": double_kwargs["hidden_states"],
        "double0.in_context": double_kwargs["encoder_hidden_states"],
        "double0.out_hidden": double_hidden,
        "double0.out_context": double_context,
        "single0.in": single_kwargs["hidden_states"],
        "single0.out": single_output,
    }
    save_golden(folder, {k: v.to(torch.float32) for k, v in tensors.items()}, reference=f"diffusers {PINNED}",
                seed=seed, scheduler_t=SCHEDULER_T)
    return "flux_transformer_tiny"


# ---- Tiny autoencoders -----------------------------------------------------------------------------------------------


def taesd_golden(out, seed):
    gen = generator(seed, 32)
    folder = os.path.join(out, "taesd_tiny")
    width = (TINY_WIDTH,) * 4
    model = AutoencoderTiny(encoder_block_out_channels=width, decoder_block_out_channels=width, latent_channels=4)
    # Convs of fan-in 72: a scale of 0.1 keeps the activations near 1 through the ten blocks (0.2 grows them 1000x).
    randomize_(model, gen, scale=0.1)
    model.eval()
    model.save_pretrained(os.path.join(folder, "vae"), safe_serialization=True)
    # Latents beyond +-3 so that the decoder's soft clamp tanh(x / 3) * 3 is exercised.
    latents = 2.0 * torch.randn((2, 4, 3, 4), generator=gen)
    images = torch.rand((2, 3, 24, 32), generator=gen) * 2 - 1  # diffusers' convention: [-1, 1]
    with torch.no_grad():
        decoded = model.decode(latents, return_dict=False)[0]
        encoded = model.encode(images, return_dict=False)[0]
    save_golden(folder, {"latents": latents, "decoded": decoded, "images": images, "encoded": encoded},
                reference=f"diffusers {PINNED} AutoencoderTiny", seed=seed, convention="images in [-1, 1]")
    return "taesd_tiny"


def taef2_golden(out, seed, taesd):
    gen = generator(seed, 33)
    folder = os.path.join(out, "taef2_tiny")
    os.makedirs(folder, exist_ok=True)
    # taesd.Decoder/Encoder build their layers through the module's conv and Block with the width 64 written out:
    # narrowed to TINY_WIDTH there, the layer order, the GroupNorm branch (4 groups of 4 x width) and every other
    # choice stay the reference's.
    conv, block = taesd.conv, taesd.Block
    narrow = lambda n: TINY_WIDTH if n == 64 else n  # noqa: E731
    taesd.conv = lambda n_in, n_out, **kwargs: conv(narrow(n_in), narrow(n_out), **kwargs)
    taesd.Block = lambda n_in, n_out, **kwargs: block(narrow(n_in), narrow(n_out), **kwargs)
    try:
        # As TAESD(...) builds them for a "taef2" file: 32 latent channels, arch_variant "flux_2".
        decoder = taesd.Decoder(32, use_midblock_gn=True)
        encoder = taesd.Encoder(32, use_midblock_gn=True)
    finally:
        taesd.conv, taesd.Block = conv, block
    randomize_(decoder, gen, scale=0.1)
    randomize_(encoder, gen, scale=0.1)
    decoder.eval()
    encoder.eval()
    # As published: torch.save of each nn.Sequential's state dict.
    torch.save(decoder.state_dict(), os.path.join(folder, "taef2_decoder.pth"))
    torch.save(encoder.state_dict(), os.path.join(folder, "taef2_encoder.pth"))
    latents = 2.0 * torch.randn((2, 32, 3, 4), generator=gen)
    images = torch.rand((2, 3, 24, 32), generator=gen)  # TAESD's convention: [0, 1]
    with torch.no_grad():
        decoded = decoder(latents)
        encoded = encoder(images)
    save_golden(folder, {"latents": latents, "decoded": decoded, "images": images, "encoded": encoded},
                reference="madebyollin/taesd taesd.py 5cccb12", seed=seed, convention="images in [0, 1]")
    return "taef2_tiny"


def taef2_real_golden(out, seed, taesd):
    encoder_path = os.path.join(SHARED_DATA, "taesd", "taef2_encoder.pth")
    decoder_path = os.path.join(SHARED_DATA, "taesd", "taef2_decoder.pth")
    if not (os.path.isfile(encoder_path) and os.path.isfile(decoder_path)):
        raise ReferenceMissing(f"{encoder_path} / {decoder_path} (the shared TAEF2 weights) are missing")
    gen = generator(seed, 34)
    folder = os.path.join(out, "taef2_real")
    # As taesd.py's README: TAESD(encoder_path, decoder_path) reads "taef2" in the name as 32 channels, flux_2.
    model = taesd.TAESD(encoder_path=encoder_path, decoder_path=decoder_path).eval()
    latents = 2.0 * torch.randn((1, 32, 4, 4), generator=gen)
    ramp = torch.linspace(0, 1, 32)
    # A smooth picture with a little noise: what an encoder sees, unlike uniform noise.
    images = (torch.stack([ramp.view(1, 32).expand(32, 32), ramp.view(32, 1).expand(32, 32),
                           0.5 + 0.0 * ramp.view(1, 32).expand(32, 32)]).unsqueeze(0)
              + 0.05 * torch.randn((1, 3, 32, 32), generator=gen)).clamp(0, 1)
    with torch.no_grad():
        decoded = model.decoder(latents)
        encoded = model.encoder(images)
    digests = {}
    for name, path in (("encoder_sha256", encoder_path), ("decoder_sha256", decoder_path)):
        with open(path, "rb") as weights:
            digests[name] = hashlib.sha256(weights.read()).hexdigest()
    save_golden(folder, {"latents": latents, "decoded": decoded, "images": images, "encoded": encoded},
                reference="madebyollin/taesd taesd.py 5cccb12, published taef2 weights", seed=seed, **digests)
    return "taef2_real"


def write(out, seed):
    _check_version()
    _load_pipeline_helpers()
    written = [flux_golden(out, seed), taesd_golden(out, seed)]
    try:
        taesd = _import_taesd_reference()
        written.append(taef2_golden(out, seed, taesd))
        written.append(taef2_real_golden(out, seed, taesd))
    except ReferenceMissing as missing:
        print(f"flux_taesd: not every TAEF2 golden written: {missing}")
    return written
