#!/usr/bin/python3
"""mkjpeg.py SRC OUT — the scan of the render row: SRC (a demo scan)
upscaled to a 12-megapixel phone photo (3024x4032) with a deterministic
grain (SHA-512 stream), saved as JPEG quality 85: about 2 MB. Same bytes
on every run with the same Pillow. Prints the file size."""
import hashlib
import sys

from PIL import Image

W, H = 3024, 4032
src, out = sys.argv[1], sys.argv[2]
im = Image.open(src).convert("RGB").resize((W, H), Image.BICUBIC)
grain = bytearray()
h = b"radesk-bench"
while len(grain) < W * H:
    h = hashlib.sha512(h).digest()
    grain += h
noise = Image.frombytes("L", (W, H), bytes(grain[: W * H])).convert("RGB")
Image.blend(im, noise, 0.06).save(out, "JPEG", quality=85)
with open(out, "rb") as f:
    print(len(f.read()))
