# safetensors.torch.save_file, writing the real format: an 8-byte little-endian header length, a JSON header
# (dtype, shape, data_offsets per tensor, optional __metadata__) padded with spaces to 8 bytes, then raw
# little-endian row-major data in header order.
import json
import struct

import torch

_DTYPES = {
    torch.float64: "F64",
    torch.float32: "F32",
    torch.float16: "F16",
    torch.bfloat16: "BF16",
    torch.int64: "I64",
    torch.int32: "I32",
    torch.int16: "I16",
    torch.int8: "I8",
    torch.uint8: "U8",
    torch.bool: "BOOL",
}


def _tensor_bytes(tensor):
    tensor = tensor.detach().cpu().contiguous()
    if tensor.dtype == torch.bfloat16:
        # numpy has no bfloat16: the raw 16-bit patterns are the same bytes.
        tensor = tensor.view(torch.int16)
    return tensor.numpy().astype(tensor.numpy().dtype.newbyteorder("<"), copy=False).tobytes()


def save(tensors, metadata=None):
    header = {}
    chunks = []
    offset = 0
    for name in sorted(tensors):  # the real package orders by name too (after dtype alignment)
        tensor = tensors[name]
        if tensor.dtype not in _DTYPES:
            raise ValueError(f"safetensors stand-in: unsupported dtype {tensor.dtype} for '{name}'")
        data = _tensor_bytes(tensor)
        header[name] = {
            "dtype": _DTYPES[tensor.dtype],
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        chunks.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def save_file(tensors, filename, metadata=None):
    with open(filename, "wb") as out:
        out.write(save(tensors, metadata))
