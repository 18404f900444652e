"""Goldens from transformers itself (pinned 5.17, on PyTorch 2.11), for the models whose real reference it is:
CLIPTextModel(WithProjection), CLIPVisionModelWithProjection (inside a CLIPModel folder, the layout the product reads),
SiglipModel and T5EncoderModel. transformers does not install on the CPU machines; run this where it does (a GPU
machine, CPU only, no internet; a few seconds):

    python3 tests/parity/make_goldens.py --only transformers [--seed 0] [--out tests/parity/goldens]

Each model is built from a tiny random config (XxxConfig(...), XxxModel(config)), its weights randomized, written with
save_pretrained (config.json + model.safetensors, exactly what a user's folder holds), and its outputs computed with
model(...). Folders:

  tf_clip/                       CLIPModel (quick_gelu, eos_token_id 2 as OpenAI's configs) + tokenizer/:
                                 pixels / pixel_values -> image_embeds (CLIPVisionModelWithProjection),
                                 input_ids -> text_embeds (CLIPTextModelWithProjection).
  tf_clip_text_sd_turbo/         text_encoder/ (CLIPTextModel, gelu, eos_token_id 2, as SD-Turbo) + tokenizer/:
                                 last_hidden_state, pooler_output.
  tf_clip_text_with_projection/  text_encoder/ (CLIPTextModelWithProjection, quick_gelu, first-EOS pooling) +
                                 tokenizer/: last_hidden_state, text_embeds.
  tf_siglip/                     SiglipModel (MAP head, last-token text pooling): pixels / pixel_values ->
                                 image_embeds (vision pooler_output), input_ids -> text_embeds (text pooler_output),
                                 logit_scale, logit_bias. No spiece.model (the test adds a tiny one; ids are given).
  tf_t5/                         T5EncoderModel (gated-gelu, RMS norm, relative position buckets; sequences longer
                                 than relative_attention_max_distance): input_ids -> last_hidden_state. No spiece.model.

Only long-stable API is used: configs by keyword, model(config), load_state_dict, save_pretrained(folder) (v5 writes
safetensors only; its safe_serialization argument is gone), and the outputs' named fields.
"""
import os

import torch

from parity_common import ReferenceMissing, generator, randomize_, save_golden, write_json

PINNED = "5.17"

WIDTH, HEADS, CONTEXT, VOCAB, PROJECTION = 32, 4, 16, 64, 16
IMAGE, PATCH = 32, 8
BOS, EOS = VOCAB - 2, VOCAB - 1  # as 49406 and 49407 in CLIP's vocabulary
CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
# A tiny CLIP BPE vocabulary ("!" at 0, SD-Turbo's padding), so that the product's loaders find a tokenizer.
CLIP_VOCAB = {"!": 0, "a": 1, "c": 2, "t": 3, "a</w>": 4, "c</w>": 5, "t</w>": 6, "ca": 7, "cat</w>": 8, "at</w>": 9,
              "<|startoftext|>": BOS, "<|endoftext|>": EOS}
CLIP_MERGES = "#version: 0.2\nc a\nca t</w>\na t</w>\n"


def import_transformers():
    try:
        import transformers
    except ImportError:
        raise ReferenceMissing("transformers is not installed; run make_goldens.py --only transformers where it is "
                               "(README)")
    if not hasattr(transformers, "__version__"):  # gen_pipelines' placeholder package, should it still be loaded
        raise ReferenceMissing("transformers is not installed (only a placeholder was found); run make_goldens.py "
                               "--only transformers where it is (README)")
    if not transformers.__version__.startswith(PINNED):
        raise SystemExit(f"gen_transformers: transformers {transformers.__version__} found, the goldens are pinned to "
                         f"{PINNED}")
    return transformers


def save_model(model, folder):
    model.save_pretrained(folder)
    if not os.path.isfile(os.path.join(folder, "model.safetensors")):
        raise SystemExit(f"gen_transformers: save_pretrained did not write {folder}/model.safetensors")


def write_clip_tokenizer(folder, pad_token):
    write_json(os.path.join(folder, "vocab.json"), CLIP_VOCAB)
    with open(os.path.join(folder, "merges.txt"), "w") as out:
        out.write(CLIP_MERGES)
    write_json(os.path.join(folder, "special_tokens_map.json"),
               {"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": pad_token,
                "unk_token": "<|endoftext|>"})
    write_json(os.path.join(folder, "tokenizer_config.json"), {"model_max_length": CONTEXT, "pad_token": pad_token})


def clip_ids(gen, pad):
    """BOS, words, EOS, padding; EOS is the largest id, so transformers' two pooling rules (largest id for
    eos_token_id 2, first EOS otherwise) pick the same token, as they do for the real vocabulary."""
    rows = []
    for words in (3, 7, CONTEXT - 2):
        row = [BOS] + torch.randint(1, EOS - 1, (words,), generator=gen).tolist() + [EOS]
        rows.append(row + [pad] * (CONTEXT - len(row)))
    return torch.tensor(rows, dtype=torch.int64)


def clip_text_kwargs(act, layers, eos_token_id, bos_token_id):
    return dict(vocab_size=VOCAB, hidden_size=WIDTH, intermediate_size=4 * WIDTH, num_hidden_layers=layers,
                num_attention_heads=HEADS, max_position_embeddings=CONTEXT, hidden_act=act, layer_norm_eps=1e-5,
                projection_dim=PROJECTION, bos_token_id=bos_token_id, eos_token_id=eos_token_id, pad_token_id=1)


def write_clip(tf, out, seed):
    gen = generator(seed, 41)
    vision = dict(hidden_size=WIDTH, intermediate_size=2 * WIDTH, num_hidden_layers=2, num_attention_heads=HEADS,
                  image_size=IMAGE, patch_size=PATCH, num_channels=3, hidden_act="quick_gelu", layer_norm_eps=1e-5,
                  projection_dim=PROJECTION)
    config = tf.CLIPConfig(text_config=clip_text_kwargs("quick_gelu", 2, eos_token_id=2, bos_token_id=0),
                           vision_config=vision, projection_dim=PROJECTION)
    model = randomize_(tf.CLIPModel(config).eval(), gen)
    folder = os.path.join(out, "tf_clip")
    save_model(model, folder)
    write_clip_tokenizer(os.path.join(folder, "tokenizer"), "<|endoftext|>")

    # The WithProjection classes, given the CLIPModel's own tensors (their names are the CLIPModel's).
    state = model.state_dict()
    vision_model = tf.CLIPVisionModelWithProjection(config.vision_config).eval()
    vision_model.load_state_dict({k: v for k, v in state.items() if k.startswith(("vision_model.", "visual_proj"))},
                                 strict=False)
    text_model = tf.CLIPTextModelWithProjection(config.text_config).eval()
    text_model.load_state_dict({k: v for k, v in state.items() if k.startswith(("text_model.", "text_proj"))},
                               strict=False)

    pixels = torch.rand((2, 3, IMAGE, IMAGE), generator=gen)
    pixel_values = (pixels - torch.tensor(CLIP_MEAN).view(1, 3, 1, 1)) / torch.tensor(CLIP_STD).view(1, 3, 1, 1)
    ids = clip_ids(gen, pad=EOS)
    with torch.no_grad():
        image_embeds = vision_model(pixel_values=pixel_values).image_embeds
        text_embeds = text_model(input_ids=ids).text_embeds
        # The same through CLIPModel's towers: catches a tensor that load_state_dict(strict=False) left out.
        assert torch.allclose(image_embeds, model.visual_projection(model.vision_model(pixel_values=pixel_values)
                                                                    .pooler_output), atol=1e-5)
        assert torch.allclose(text_embeds, model.text_projection(model.text_model(input_ids=ids).pooler_output),
                              atol=1e-5)
    save_golden(folder, {"pixels": pixels, "pixel_values": pixel_values, "image_embeds": image_embeds,
                         "input_ids": ids, "text_embeds": text_embeds}, reference=f"transformers {tf.__version__}")
    return "tf_clip"


def write_clip_text(tf, out, seed, name, salt, architecture, act, eos_token_id, bos_token_id, pad_token, pad_id):
    gen = generator(seed, salt)
    config = tf.CLIPTextConfig(**clip_text_kwargs(act, 2, eos_token_id, bos_token_id))
    model_class = getattr(tf, architecture)
    model = randomize_(model_class(config).eval(), gen)
    folder = os.path.join(out, name)
    save_model(model, os.path.join(folder, "text_encoder"))
    write_clip_tokenizer(os.path.join(folder, "tokenizer"), pad_token)
    ids = clip_ids(gen, pad=pad_id)
    with torch.no_grad():
        output = model(input_ids=ids)
    tensors = {"input_ids": ids, "last_hidden_state": output.last_hidden_state}
    if architecture == "CLIPTextModelWithProjection":
        tensors["text_embeds"] = output.text_embeds
    else:
        tensors["pooler_output"] = output.pooler_output
    save_golden(folder, tensors, reference=f"transformers {tf.__version__}")
    return name


def write_siglip(tf, out, seed):
    gen = generator(seed, 44)
    text = dict(vocab_size=VOCAB, hidden_size=WIDTH, intermediate_size=2 * WIDTH, num_hidden_layers=2,
                num_attention_heads=HEADS, max_position_embeddings=CONTEXT, hidden_act="gelu_pytorch_tanh",
                layer_norm_eps=1e-6, pad_token_id=1, bos_token_id=2, eos_token_id=1)
    vision = dict(hidden_size=WIDTH, intermediate_size=2 * WIDTH, num_hidden_layers=2, num_attention_heads=HEADS,
                  image_size=IMAGE, patch_size=PATCH, num_channels=3, hidden_act="gelu_pytorch_tanh",
                  layer_norm_eps=1e-6)
    model = randomize_(tf.SiglipModel(tf.SiglipConfig(text_config=text, vision_config=vision)).eval(), gen)
    folder = os.path.join(out, "tf_siglip")
    save_model(model, folder)
    pixels = torch.rand((2, 3, IMAGE, IMAGE), generator=gen)
    pixel_values = (pixels - 0.5) / 0.5  # SiglipImageProcessor: mean = std = 0.5
    ids = torch.randint(0, VOCAB, (3, CONTEXT), generator=gen)
    with torch.no_grad():
        image_embeds = model.vision_model(pixel_values=pixel_values).pooler_output  # the MAP head's output
        text_embeds = model.text_model(input_ids=ids).pooler_output  # head(final_layer_norm(x)[:, -1])
    save_golden(folder, {"pixels": pixels, "pixel_values": pixel_values, "image_embeds": image_embeds,
                         "input_ids": ids, "text_embeds": text_embeds, "logit_scale": model.logit_scale.reshape(1),
                         "logit_bias": model.logit_bias.reshape(1)}, reference=f"transformers {tf.__version__}")
    return "tf_siglip"


def write_t5(tf, out, seed):
    gen = generator(seed, 45)
    # 8 buckets with max distance 12 over 24 tokens: exact, logarithmic and clipped buckets in both directions.
    config = tf.T5Config(vocab_size=VOCAB, d_model=WIDTH, d_kv=8, d_ff=48, num_layers=2, num_heads=HEADS,
                         relative_attention_num_buckets=8, relative_attention_max_distance=12,
                         feed_forward_proj="gated-gelu", layer_norm_epsilon=1e-6, dropout_rate=0.0,
                         is_encoder_decoder=False, use_cache=False, tie_word_embeddings=False)
    model = randomize_(tf.T5EncoderModel(config).eval(), gen)
    folder = os.path.join(out, "tf_t5")
    save_model(model, folder)
    ids = torch.randint(0, VOCAB, (2, 24), generator=gen)
    with torch.no_grad():
        last_hidden_state = model(input_ids=ids).last_hidden_state
    save_golden(folder, {"input_ids": ids, "last_hidden_state": last_hidden_state},
                reference=f"transformers {tf.__version__}")
    return "tf_t5"


def write(out, seed):
    tf = import_transformers()
    torch.manual_seed(seed)  # the constructors' (overwritten) initial weights
    return [
        write_clip(tf, out, seed),
        write_clip_text(tf, out, seed, "tf_clip_text_sd_turbo", 42, "CLIPTextModel", "gelu", eos_token_id=2,
                        bos_token_id=0, pad_token="!", pad_id=0),
        write_clip_text(tf, out, seed, "tf_clip_text_with_projection", 43, "CLIPTextModelWithProjection",
                        "quick_gelu", eos_token_id=EOS, bos_token_id=BOS, pad_token="<|endoftext|>", pad_id=EOS),
        write_siglip(tf, out, seed),
        write_t5(tf, out, seed),
    ]
