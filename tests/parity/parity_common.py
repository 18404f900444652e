"""What every golden module shares: the torch 1.13 stand-ins, writing a model folder as a user's folder holds it,
and the golden file. Only the reference libraries produce a golden; nothing here imports TasteLab."""
import json
import math
import os
import sys

sys.dont_write_bytecode = True  # keep the folders clean
HERE = os.path.dirname(os.path.abspath(__file__))
# The stand-ins (safetensors) come after any real package on the path, so an installed one wins.
sys.path.append(os.path.join(HERE, "stubs"))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

if not hasattr(F, "scaled_dot_product_attention"):
    # torch 1.13 lacks it; diffusers' attention processors call it. Plain softmax(QK^T / sqrt(d)) V, which is
    # what the fused kernel computes (no dropout in inference).
    def _sdpa(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
        scores = query @ key.transpose(-2, -1) * (scale if scale is not None else 1.0 / math.sqrt(query.size(-1)))
        if is_causal:
            causal = torch.ones(scores.shape[-2:], dtype=torch.bool, device=scores.device).tril()
            scores = scores.masked_fill(~causal, float("-inf"))
        if attn_mask is not None:
            scores = scores.masked_fill(~attn_mask, float("-inf")) if attn_mask.dtype == torch.bool else scores + attn_mask
        return scores.softmax(dim=-1) @ value

    F.scaled_dot_product_attention = _sdpa

from safetensors.torch import save_file  # noqa: E402,F401  (re-exported for the golden modules)


def generator(seed, salt):
    """Each golden module draws from its own generator, so that regenerating one leaves the others unchanged."""
    return torch.Generator().manual_seed(seed * 1000 + salt)


def write_json(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        json.dump(value, out, indent=2, sort_keys=True)
        out.write("\n")


def save_golden(folder, tensors, **metadata):
    """golden.safetensors: the inputs and outputs, contiguous float32 unless given otherwise."""
    os.makedirs(folder, exist_ok=True)
    tensors = {name: value.detach().contiguous() for name, value in tensors.items()}
    save_file(tensors, os.path.join(folder, "golden.safetensors"),
              metadata={key: str(value) for key, value in metadata.items()})


def randomize_(module, gen, scale=0.2):
    """Fills every parameter (norms included) with seeded random values, so that no weight is a default whose
    mistaken use would go unnoticed (a skipped norm with weight 1, bias 0, looks right)."""
    with torch.no_grad():
        for name, parameter in module.named_parameters():
            if name.endswith("weight") and parameter.dim() == 1:  # norm scales: around 1
                parameter.copy_(1.0 + scale * torch.randn(parameter.shape, generator=gen))
            else:
                parameter.copy_(scale * torch.randn(parameter.shape, generator=gen))
    return module


class ReferenceMissing(Exception):
    """Raised by a golden module whose reference library is not on this machine (transformers on the CPU machines):
    the driver says so and goes on; the committed goldens of that area stay as they are."""
