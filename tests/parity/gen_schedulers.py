"""Scheduler goldens: diffusers v0.31.0's EulerDiscreteScheduler with SD-Turbo's scheduler_config.json and
FlowMatchEulerDiscreteScheduler with FLUX.1-schnell's, called as the pipelines call them."""
import json
import os

import numpy as np
import torch

import diffusers
from diffusers import EulerDiscreteScheduler, FlowMatchEulerDiscreteScheduler
from parity_common import save_file

PINNED = "0.31.0"

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


def write(out, seed):
    if diffusers.__version__ != PINNED:
        raise SystemExit(f"gen_schedulers: diffusers {diffusers.__version__} found; the goldens pin v{PINNED}")
    generator = torch.Generator().manual_seed(seed)  # one stream for both, in this order
    euler_goldens(out, generator)
    flow_match_goldens(out, generator)
    return ["euler_sd_turbo", "flow_match_flux_schnell"]
