# Placeholder names for diffusers' pipeline modules, which import transformers' classes at module level
# (pipeline_stable_diffusion, safety_checker, pipeline_flux) even when the text encoders are never built. The pipeline
# goldens pass prompt embeddings in and construct the pipelines with text_encoder=None, tokenizer=None and no safety
# checker, so none of these names is ever instantiated or called: they only let the modules import.
#
# Not on sys.path by default: gen_pipelines.py adds this folder only while it imports the two pipeline modules, and
# only where no real `transformers` is installed, then removes it again, so that no other golden module mistakes it
# for the real package.
import torch


class _Placeholder:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("transformers placeholder: the pipeline goldens never build a text encoder")


class PreTrainedModel(torch.nn.Module):  # a base class in diffusers' safety_checker.py
    def __init__(self, *args, **kwargs):
        raise RuntimeError("transformers placeholder: the pipeline goldens never build a safety checker")


CLIPConfig = CLIPImageProcessor = CLIPTextModel = CLIPTokenizer = _Placeholder
CLIPVisionModel = CLIPVisionModelWithProjection = T5EncoderModel = T5TokenizerFast = _Placeholder
