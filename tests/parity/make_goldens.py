#!/usr/bin/python3
"""Writes TasteLab's parity goldens with the pinned reference code, never with TasteLab.

One command writes every golden (see README.md for bringing the references onto a machine without internet):

    PYTHONPATH=/tmp/parity_ref/diffusers/src:/tmp/parity_ref/huggingface_hub/src \
        /usr/bin/python3 tests/parity/make_goldens.py [--seed 0] [--out tests/parity/goldens] [--only NAME ...]

Each area is a module beside this script (gen_<name>.py) with write(out, seed); it refuses to run against a
reference version other than the pinned one.
"""
import argparse
import importlib
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import parity_common  # noqa: E402  (the torch 1.13 stand-ins, before any reference is imported)

# In the order they are written. Each writes its own folders under --out.
AREAS = ["schedulers", "unet_vae", "flux_taesd", "pipelines", "tokenizers", "clip", "transformers"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0, help="seed of every random weight and input (default 0)")
    parser.add_argument("--out", default=os.path.join(HERE, "goldens"), help="folder to write (default: goldens/)")
    parser.add_argument("--only", nargs="+", choices=AREAS, help="write only these areas")
    args = parser.parse_args()
    for area in args.only or AREAS:
        try:
            module = importlib.import_module("gen_" + area)
            written = module.write(args.out, args.seed)
        except parity_common.ReferenceMissing as missing:
            print(f"{area}: skipped, {missing}")
            continue
        print(f"{area}: wrote {', '.join(written)} to {args.out} (seed {args.seed})")


if __name__ == "__main__":
    main()
