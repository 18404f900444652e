#!/usr/bin/python3
"""Writes TasteLab's parity goldens with the pinned reference code (diffusers v0.31.0, huggingface_hub v0.25.2).

Only the reference produces a golden: this script never imports TasteLab. It runs on Debian 12's python3-torch 1.13
(CPU); see README.md for bringing the references onto a machine without internet. For now it writes the scheduler
goldens: EulerDiscreteScheduler with SD-Turbo's config and FlowMatchEulerDiscreteScheduler with FLUX.1-schnell's.

    PYTHONPATH=/tmp/parity_ref/diffusers/src:/tmp/parity_ref/huggingface_hub/src \
        /usr/bin/python3 tests/parity/make_goldens.py [--seed 0] [--out tests/parity/goldens]
"""
import argparse
import json
import math
import os
import sys

sys.dont_write_bytecode = True  # keep the stand-ins' folder clean
HERE = os.path.dirname(os.path.abspath(__file__))
# The stand-ins (safetensors) come after any real package on the path, so an installed one wins.
sys.path.append(os.path.join(HERE, "stubs"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

if not hasattr(F, "scaled_dot_product_attention"):
    # torch 1.13 lacks it; diffusers' attention processors call it. Plain softmax(QK^T / sqrt(d)) V, which is
    # what the fused kernel computes (no dropout, no causal mask in the models we compare).
    def _sdpa(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
        scores = query @ key.transpose(-2, -1) * (scale if scale is not None else 1.0 / math.sqrt(query.size(-1)))
        if is_causal:
            causal = torch.ones(scores.shape[-2:], dtype=torch.bool, device=scores.device).tril()
            scores = scores.masked_fill(~causal, float("-inf"))
        if attn_mask is not None:
            scores = scores.masked_fill(~attn_mask, float("-inf")) if attn_mask.dtype == torch.bool else scores + attn_mask
        return scores.softmax(dim=-1) @ value

    F.scaled_dot_product_attention = _sdpa

import diffusers  # noqa: E402
from diffusers import EulerDiscreteScheduler, FlowMatchEulerDiscreteScheduler  # noqa: E402
from safetensors.torch import save_file  # noqa: E402

# stabilityai/sd-turbo, scheduler/scheduler_config.json, key for key.
SD_TURBO_SCHEDULER = {
    "_class_name": "EulerDiscreteScheduler",
    "_diffusers_version": "0.24.0.dev0",
    "beta_end": 0.012,
    "beta_schedule": "scaled_linear",
    "beta_start": 0.00085,
    "clip_sample": False,
    "interpolation_type": "linear",
    "num_train_timesteps": 1000,
    "prediction_type": "epsilon",
    "sample_max_value": 1.0,
    "set_alpha_to_one": False,
    "skip_prk_steps": True,
    "steps_offset": 1,
    "timestep_spacing": "trailing",
    "timestep_type": "discrete",
    "trained_betas": None,
    "use_karras_sigmas": False,
}

# black-forest-labs/FLUX.1-schnell, scheduler/scheduler_config.json, key for key.
FLUX_SCHNELL_SCHEDULER = {
    "_class_name": "FlowMatchEulerDiscreteScheduler",
    "_diffusers_version": "0.29.0.dev0",
    "base_image_seq_len": 256,
    "base_shift": 0.5,
    "max_image_seq_len": 4096,
    "max_shift": 1.15,
    "num_train_timesteps": 1000,
    "shift": 1.0,
    "use_dynamic_shifting": False,
}

SAMPLE_SHAPE = (1, 4, 8, 8)  # small; the schedulers act elementwise


def write_config(folder, config):
    os.makedirs(os.path.join(folder, "scheduler"), exist_ok=True)
    with open(os.path.join(folder, "scheduler", "scheduler_config.json"), "w") as out:
        json.dump(config, out, indent=2, sort_keys=True)
        out.write("\n")


def euler_goldens(out, generator):
    folder = os.path.join(out, "euler_sd_turbo")
    write_config(folder, SD_TURBO_SCHEDULER)
    # Loaded back from the file, as a user's folder is.
    scheduler = EulerDiscreteScheduler.from_pretrained(folder, subfolder="scheduler")
    tensors = {}
    for steps in (1, 2, 4):
        scheduler.set_timesteps(steps)
        prefix = f"steps{steps}."
        tensors[prefix + "timesteps"] = scheduler.timesteps.clone()
        tensors[prefix + "sigmas"] = scheduler.sigmas.clone()
        tensors[prefix + "init_noise_sigma"] = torch.tensor([float(scheduler.init_noise_sigma)], dtype=torch.float32)
        # The pipeline's loop: x_T = noise * init_noise_sigma, then per step scale, model, step.
        sample = torch.randn(SAMPLE_SHAPE, generator=generator) * scheduler.init_noise_sigma
        tensors[prefix + "sample0"] = sample.clone()
        for i, t in enumerate(scheduler.timesteps):
            tensors[f"{prefix}scaled{i}"] = scheduler.scale_model_input(sample, t).clone()
            model_output = torch.randn(SAMPLE_SHAPE, generator=generator)
            tensors[f"{prefix}model_output{i}"] = model_output.clone()
            result = scheduler.step(model_output, t, sample)
            tensors[f"{prefix}pred_original{i}"] = result.pred_original_sample.clone()
            sample = result.prev_sample
            tensors[f"{prefix}sample{i + 1}"] = sample.clone()
    save_file(tensors, os.path.join(folder, "golden.safetensors"), metadata={"diffusers": diffusers.__version__})


def flow_match_goldens(out, generator):
    folder = os.path.join(out, "flow_match_flux_schnell")
    write_config(folder, FLUX_SCHNELL_SCHEDULER)
    scheduler = FlowMatchEulerDiscreteScheduler.from_pretrained(folder, subfolder="scheduler")
    tensors = {}
    for steps in (1, 4):
        # As FluxPipeline v0.31.0 calls it: explicit sigmas linspace(1, 1/N, N) and mu from the image sequence
        # length (ignored without dynamic shifting). The scheduler's own set_timesteps(N) would differ.
        image_seq_len = (SAMPLE_SHAPE[2] // 2) * (SAMPLE_SHAPE[3] // 2)
        mu = (image_seq_len * (1.15 - 0.5) / (4096 - 256)) + (0.5 - 256 * (1.15 - 0.5) / (4096 - 256))
        scheduler.set_timesteps(sigmas=np.linspace(1.0, 1 / steps, steps), mu=mu)
        prefix = f"steps{steps}."
        tensors[prefix + "timesteps"] = scheduler.timesteps.clone()
        tensors[prefix + "sigmas"] = scheduler.sigmas.clone()
        sample = torch.randn(SAMPLE_SHAPE, generator=generator)
        tensors[prefix + "sample0"] = sample.clone()
        for i, t in enumerate(scheduler.timesteps):
            velocity = torch.randn(SAMPLE_SHAPE, generator=generator)
            tensors[f"{prefix}model_output{i}"] = velocity.clone()
            sample = scheduler.step(velocity, t, sample).prev_sample
            tensors[f"{prefix}sample{i + 1}"] = sample.clone()
    save_file(tensors, os.path.join(folder, "golden.safetensors"), metadata={"diffusers": diffusers.__version__})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0, help="seed of every random input (default 0)")
    parser.add_argument("--out", default=os.path.join(HERE, "goldens"), help="folder to write (default: goldens/)")
    args = parser.parse_args()
    if diffusers.__version__ != "0.31.0":
        sys.exit(f"make_goldens.py: diffusers {diffusers.__version__} found; the goldens pin v0.31.0")
    generator = torch.Generator().manual_seed(args.seed)
    euler_goldens(args.out, generator)
    flow_match_goldens(args.out, generator)
    print(f"wrote the scheduler goldens to {args.out} (seed {args.seed}, diffusers {diffusers.__version__}, "
          f"torch {torch.__version__})")


if __name__ == "__main__":
    main()
