"""CLIP goldens from open_clip v2.20.0, an independent reference that runs on torch 1.13 (transformers, the real
reference, does not install on the CPU machines; gen_transformers.py writes its goldens where it does).

open_clip.model.CLIP is built tiny, its weights randomized, and its state dict renamed into the layout a user's
folder holds (transformers' CLIPModel / CLIPTextModel names, as transformers' convert_clip_original_pytorch_to_hf.py
maps them: q/k/v split from in_proj_weight, projections transposed). The outputs come from open_clip's own modules.

Folders (each golden.safetensors holds the inputs and outputs):
  clip_openai/                CLIPModel (OpenAI style: quick_gelu both towers, eos_token_id 2): pixels (in [0, 1])
                              and pixel_values (CLIP-normalised, what open_clip consumed) -> image_embeds; input_ids
                              -> text_embeds (EOS pooling, projected).
  clip_text_sd_turbo/         text_encoder/ + tokenizer/ as SD-Turbo ships them (OpenCLIP-H style: gelu; open_clip's
                              model has 2 layers, the HF config 1: SD 2.x takes the penultimate layer, then ln_final, so
                              the converted text encoder drops the last layer): last_hidden_state, pooler_output.
  clip_text_flux_l/           text_encoder/ + tokenizer/ as FLUX ships CLIP-L (quick_gelu, eos_token_id 2, no
                              projection): last_hidden_state, pooler_output (what FLUX takes).
  clip_text_with_projection/  CLIPTextModelWithProjection (gelu, eos_token_id = the EOS id, so transformers pools at
                              the first EOS): last_hidden_state, text_embeds.

EOS pooling: open_clip pools at the largest id (text.argmax); transformers pools at the largest id when eos_token_id
is 2 and at the first eos_token_id otherwise. The ids below agree under both rules: EOS is the largest id of the
vocabulary (63, as 49407 is in the real one) and nothing after the first EOS is larger (padding is 0, "!", as
SD-Turbo pads, or EOS itself, as CLIP-L pads).
"""
import importlib
import os
import sys
import types

import torch

from parity_common import generator, randomize_, save_golden, save_file, write_json

PINNED = "2.20.0"
OPEN_CLIP_SRC = os.environ.get("TASTELAB_OPEN_CLIP_SRC", "/tmp/parity_ref/open_clip/src")

WIDTH, HEADS, CONTEXT, VOCAB, PROJECTION = 32, 4, 16, 64, 16
IMAGE, PATCH = 32, 8
BOS, EOS = VOCAB - 2, VOCAB - 1  # as 49406 and 49407 in the real vocabulary
# OpenAI's CLIP normalisation (open_clip.constants.OPENAI_DATASET_MEAN / _STD are read below).

# A tiny CLIP BPE vocabulary: "!" at 0 (SD-Turbo's padding token), the special tokens at the top, as in the real one.
VOCAB_JSON = {"!": 0, "a": 1, "c": 2, "t": 3, "a</w>": 4, "c</w>": 5, "t</w>": 6, "ca": 7, "cat</w>": 8, "at</w>": 9,
              "<|startoftext|>": BOS, "<|endoftext|>": EOS}
MERGES = "#version: 0.2\nc a\nca t</w>\na t</w>\n"


def import_open_clip():
    """open_clip's modules without its package __init__ (whose tokenizer needs ftfy, which Debian lacks; the goldens
    pass token ids, not text)."""
    if not os.path.isdir(os.path.join(OPEN_CLIP_SRC, "open_clip")):
        from parity_common import ReferenceMissing
        raise ReferenceMissing(f"open_clip v{PINNED} source not found at {OPEN_CLIP_SRC} (README)")
    if "open_clip" not in sys.modules:
        package = types.ModuleType("open_clip")
        package.__path__ = [os.path.join(OPEN_CLIP_SRC, "open_clip")]
        sys.modules["open_clip"] = package
    version = importlib.import_module("open_clip.version").__version__
    if version != PINNED:
        raise SystemExit(f"gen_clip: open_clip {version} found, the goldens are pinned to {PINNED}")
    return importlib.import_module("open_clip.model"), importlib.import_module("open_clip.constants")


def build(open_clip_model, gen, quick_gelu, text_layers, vision_layers=2):
    # The vision MLP is 2x wide (open_clip's mlp_ratio; the text tower's is fixed at 4x) to keep the goldens small.
    model = open_clip_model.CLIP(
        embed_dim=PROJECTION,
        vision_cfg=open_clip_model.CLIPVisionCfg(layers=vision_layers, width=WIDTH, head_width=WIDTH // HEADS,
                                                 mlp_ratio=2.0, patch_size=PATCH, image_size=IMAGE),
        text_cfg=open_clip_model.CLIPTextCfg(context_length=CONTEXT, vocab_size=VOCAB, width=WIDTH, heads=HEADS,
                                             layers=text_layers),
        quick_gelu=quick_gelu)
    return randomize_(model.eval(), gen)


def encoder_layers(blocks, prefix, count):
    """open_clip ResidualAttentionBlocks -> transformers CLIPEncoderLayer names."""
    out = {}
    for i in range(count):
        block = blocks[i]
        p = f"{prefix}.encoder.layers.{i}."
        q, k, v = block.attn.in_proj_weight.chunk(3, dim=0)
        qb, kb, vb = block.attn.in_proj_bias.chunk(3, dim=0)
        out.update({
            p + "self_attn.q_proj.weight": q, p + "self_attn.q_proj.bias": qb,
            p + "self_attn.k_proj.weight": k, p + "self_attn.k_proj.bias": kb,
            p + "self_attn.v_proj.weight": v, p + "self_attn.v_proj.bias": vb,
            p + "self_attn.out_proj.weight": block.attn.out_proj.weight,
            p + "self_attn.out_proj.bias": block.attn.out_proj.bias,
            p + "layer_norm1.weight": block.ln_1.weight, p + "layer_norm1.bias": block.ln_1.bias,
            p + "mlp.fc1.weight": block.mlp.c_fc.weight, p + "mlp.fc1.bias": block.mlp.c_fc.bias,
            p + "mlp.fc2.weight": block.mlp.c_proj.weight, p + "mlp.fc2.bias": block.mlp.c_proj.bias,
            p + "layer_norm2.weight": block.ln_2.weight, p + "layer_norm2.bias": block.ln_2.bias,
        })
    return out


def text_weights(model, layers, projection):
    out = {
        "text_model.embeddings.token_embedding.weight": model.token_embedding.weight,
        "text_model.embeddings.position_embedding.weight": model.positional_embedding,
        "text_model.final_layer_norm.weight": model.ln_final.weight,
        "text_model.final_layer_norm.bias": model.ln_final.bias,
    }
    out.update(encoder_layers(model.transformer.resblocks, "text_model", layers))
    if projection:
        out["text_projection.weight"] = model.text_projection.t()  # open_clip: x @ P; transformers: Linear(W = P^T)
    return out


def vision_weights(model):
    visual = model.visual
    out = {
        "vision_model.embeddings.class_embedding": visual.class_embedding,
        "vision_model.embeddings.patch_embedding.weight": visual.conv1.weight,
        "vision_model.embeddings.position_embedding.weight": visual.positional_embedding,
        "vision_model.pre_layrnorm.weight": visual.ln_pre.weight,  # sic: transformers spells it so
        "vision_model.pre_layrnorm.bias": visual.ln_pre.bias,
        "vision_model.post_layernorm.weight": visual.ln_post.weight,
        "vision_model.post_layernorm.bias": visual.ln_post.bias,
        "visual_projection.weight": visual.proj.t(),
    }
    out.update(encoder_layers(visual.transformer.resblocks, "vision_model", len(visual.transformer.resblocks)))
    return out


def save_weights(path, tensors):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    save_file({name: value.detach().contiguous().float() for name, value in tensors.items()}, path)


def text_config(architecture, layers, act, eos_token_id, bos_token_id, projection_dim=PROJECTION):
    """transformers' CLIPTextConfig keys (as the real text_encoder/config.json files spell them)."""
    return {
        "architectures": [architecture], "model_type": "clip_text_model", "hidden_size": WIDTH,
        "intermediate_size": 4 * WIDTH, "num_hidden_layers": layers, "num_attention_heads": HEADS,
        "max_position_embeddings": CONTEXT, "vocab_size": VOCAB, "hidden_act": act, "layer_norm_eps": 1e-5,
        "bos_token_id": bos_token_id, "eos_token_id": eos_token_id, "pad_token_id": 1,
        "projection_dim": projection_dim, "torch_dtype": "float32",
    }


def write_tokenizer(folder, pad_token):
    write_json(os.path.join(folder, "vocab.json"), VOCAB_JSON)
    with open(os.path.join(folder, "merges.txt"), "w") as out:
        out.write(MERGES)
    write_json(os.path.join(folder, "special_tokens_map.json"),
               {"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": pad_token,
                "unk_token": "<|endoftext|>"})
    write_json(os.path.join(folder, "tokenizer_config.json"),
               {"model_max_length": CONTEXT, "pad_token": pad_token, "tokenizer_class": "CLIPTokenizer"})


def token_ids(gen, pad):
    """Three prompts of different lengths: BOS, words (ids 1 .. EOS - 2), EOS, then padding; the last fills the
    context. Under the causal mask nothing after EOS changes the pooled state, but everything before it does."""
    rows = []
    for words in (3, 7, CONTEXT - 2):
        body = torch.randint(1, EOS - 1, (words,), generator=gen).tolist()
        row = [BOS] + body + [EOS]
        rows.append(row + [pad] * (CONTEXT - len(row)))
    ids = torch.tensor(rows, dtype=torch.int64)
    assert (ids.argmax(-1) == (ids == EOS).int().argmax(-1)).all(), "both pooling rules must pick the same token"
    return ids


def text_states(model, ids, layers):
    """open_clip's CLIP.encode_text up to ln_final, through the first `layers` residual blocks (SD 2.x's
    FrozenOpenCLIPEmbedder with layer="penultimate" stops one block early, then applies ln_final)."""
    x = model.token_embedding(ids) + model.positional_embedding
    x = x.permute(1, 0, 2)
    for block in model.transformer.resblocks[:layers]:
        x = block(x, attn_mask=model.attn_mask)
    return model.ln_final(x.permute(1, 0, 2))


def pooled(states, ids):
    return states[torch.arange(states.shape[0]), ids.argmax(dim=-1)]


def write_clip_model(out, seed, open_clip_model, constants):
    gen = generator(seed, 31)
    model = build(open_clip_model, gen, quick_gelu=True, text_layers=2)
    folder = os.path.join(out, "clip_openai")
    weights = {**vision_weights(model), **text_weights(model, 2, projection=True), "logit_scale": model.logit_scale}
    save_weights(os.path.join(folder, "model.safetensors"), weights)
    vision = {"hidden_size": WIDTH, "intermediate_size": 2 * WIDTH, "num_hidden_layers": 2,
              "num_attention_heads": HEADS, "image_size": IMAGE, "patch_size": PATCH, "num_channels": 3,
              "hidden_act": "quick_gelu", "layer_norm_eps": 1e-5, "model_type": "clip_vision_model"}
    text = text_config("CLIPTextModel", 2, "quick_gelu", eos_token_id=2, bos_token_id=0)
    del text["architectures"], text["projection_dim"]
    write_json(os.path.join(folder, "config.json"),
               {"architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": PROJECTION,
                "logit_scale_init_value": 2.6592, "text_config": text, "vision_config": vision,
                "torch_dtype": "float32"})
    write_tokenizer(os.path.join(folder, "tokenizer"), "<|endoftext|>")

    pixels = torch.rand((2, 3, IMAGE, IMAGE), generator=gen)
    mean = torch.tensor(constants.OPENAI_DATASET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(constants.OPENAI_DATASET_STD).view(1, 3, 1, 1)
    pixel_values = (pixels - mean) / std
    ids = token_ids(gen, pad=EOS)
    with torch.no_grad():
        image_embeds = model.encode_image(pixel_values)
        text_embeds = model.encode_text(ids)
        assert torch.allclose(pooled(text_states(model, ids, 2), ids) @ model.text_projection, text_embeds, atol=1e-5)
    save_golden(folder, {"pixels": pixels, "pixel_values": pixel_values, "image_embeds": image_embeds,
                         "input_ids": ids, "text_embeds": text_embeds, "logit_scale": model.logit_scale.reshape(1)},
                reference=f"open_clip {PINNED}")
    return "clip_openai"


def write_text_model(out, seed, open_clip_model, name, salt, quick_gelu, reference_layers, hf_layers, architecture,
                     eos_token_id, bos_token_id, pad_token, pad_id):
    gen = generator(seed, salt)
    model = build(open_clip_model, gen, quick_gelu=quick_gelu, text_layers=reference_layers, vision_layers=1)
    folder = os.path.join(out, name)
    projection = architecture == "CLIPTextModelWithProjection"
    save_weights(os.path.join(folder, "text_encoder", "model.safetensors"), text_weights(model, hf_layers, projection))
    write_json(os.path.join(folder, "text_encoder", "config.json"),
               text_config(architecture, hf_layers, "quick_gelu" if quick_gelu else "gelu", eos_token_id,
                           bos_token_id))
    write_tokenizer(os.path.join(folder, "tokenizer"), pad_token)
    ids = token_ids(gen, pad=pad_id)
    with torch.no_grad():
        states = text_states(model, ids, hf_layers)
        tensors = {"input_ids": ids, "last_hidden_state": states}
        if projection:
            tensors["text_embeds"] = model.encode_text(ids)
            assert hf_layers == reference_layers
        else:
            tensors["pooler_output"] = pooled(states, ids)
    save_golden(folder, tensors, reference=f"open_clip {PINNED}")
    return name


def write(out, seed):
    open_clip_model, constants = import_open_clip()
    torch.manual_seed(seed)  # open_clip's constructors draw their (overwritten) initial weights from the global one
    return [
        write_clip_model(out, seed, open_clip_model, constants),
        # SD-Turbo: OpenCLIP ViT-H text (gelu), penultimate layer; stabilityai/sd-turbo's config says eos 2, bos 0,
        # and its tokenizer pads with "!".
        write_text_model(out, seed, open_clip_model, "clip_text_sd_turbo", 32, quick_gelu=False, reference_layers=2,
                         hf_layers=1, architecture="CLIPTextModel", eos_token_id=2, bos_token_id=0, pad_token="!",
                         pad_id=0),
        # FLUX: OpenAI CLIP-L text (quick_gelu), pooled output; padded with EOS.
        write_text_model(out, seed, open_clip_model, "clip_text_flux_l", 33, quick_gelu=True, reference_layers=2,
                         hf_layers=2, architecture="CLIPTextModel", eos_token_id=2, bos_token_id=0,
                         pad_token="<|endoftext|>", pad_id=EOS),
        # The projecting text model, with the first-EOS pooling rule of current configs.
        write_text_model(out, seed, open_clip_model, "clip_text_with_projection", 34, quick_gelu=False,
                         reference_layers=1, hf_layers=1, architecture="CLIPTextModelWithProjection",
                         eos_token_id=EOS, bos_token_id=BOS, pad_token="<|endoftext|>", pad_id=EOS),
    ]
