#!/usr/bin/env python3
"""Writes the WebP fixtures of ImageColourTest: 16x8 pixels, left half red (255, 0, 0), right half blue (0, 0, 255),
once lossless (red-blue-lossless.webp) and once lossy (red-blue-lossy.webp). Needs cwebp (Debian: apt-get install
webp); the PNG it starts from is written here with the standard library only."""
import os
import struct
import subprocess
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def png(width, height, pixel):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\0" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


with tempfile.TemporaryDirectory() as tmp:
    source = os.path.join(tmp, "red-blue.png")
    with open(source, "wb") as f:
        f.write(png(16, 8, lambda x, y: (255, 0, 0) if x < 8 else (0, 0, 255)))
    subprocess.run(["cwebp", "-quiet", "-lossless", source, "-o", os.path.join(HERE, "red-blue-lossless.webp")],
                   check=True)
    subprocess.run(["cwebp", "-quiet", "-q", "90", source, "-o", os.path.join(HERE, "red-blue-lossy.webp")],
                   check=True)
