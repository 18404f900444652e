# Stand-in for the `safetensors` Python package, enough for diffusers' save_pretrained and for writing goldens
# on machines that cannot install it: the real file format, written only.
