#!/usr/bin/env python3
"""Draws the default model's training curve (docs/default-model-curve.svg) from models/default/training/log.txt.

Standard library only. Plots, per 100 steps, the mean total loss and the mean content loss (the style part is
their difference); the first lines of the log (steps 1-399, a different log format without the content loss)
are skipped.

    python3 models/default/curve.py models/default/training/log.txt docs/default-model-curve.svg
"""
import re
import sys

LINE = re.compile(r"step (\d+)/\d+: mean loss ([0-9.e+]+) \(content loss ([0-9.e+]+)\) over (\d+) steps")
W, H, LEFT, RIGHT, TOP, BOTTOM = 720, 360, 70, 20, 20, 50


def main(log, out):
    points = []
    for line in open(log, encoding="utf-8"):
        m = LINE.search(line)
        if m and int(m.group(4)) >= 50:  # a mean over a handful of steps after a resume is noise
            points.append((int(m.group(1)), float(m.group(2)), float(m.group(3))))
    max_step = max(p[0] for p in points)
    max_loss = max(p[1] for p in points) * 1.05

    def x(step):
        return LEFT + (W - LEFT - RIGHT) * step / max_step

    def y(loss):
        return TOP + (H - TOP - BOTTOM) * (1 - loss / max_loss)

    def path(index, colour, label, label_y):
        d = " ".join(f"{'M' if i == 0 else 'L'}{x(p[0]):.1f},{y(p[index]):.1f}" for i, p in enumerate(points))
        return (f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2"/>'
                f'<text x="{W - RIGHT - 5}" y="{label_y}" text-anchor="end" fill="{colour}">{label}</text>')

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" '
             f'font-size="12"><rect width="{W}" height="{H}" fill="white"/>']
    tick = 10 ** (len(str(int(max_loss))) - 1)
    for value in range(0, int(max_loss) + 1, tick):
        parts.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#ddd"/>'
                     f'<text x="{LEFT - 5}" y="{y(value) + 4:.1f}" text-anchor="end">{value:,}</text>')
    for step in range(0, max_step + 1, 1000):
        parts.append(f'<text x="{x(step):.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">{step}</text>')
    parts.append(f'<text x="{(LEFT + W - RIGHT) / 2}" y="{H - 10}" text-anchor="middle">step (batch of 4 '
                 f'crops of 128 px); mean over 100 steps</text>')
    parts.append(path(1, "#c03020", "total loss (content + 2e-5 x style)", TOP + 15))
    parts.append(path(2, "#2050c0", "content loss (relu3_1)", TOP + 32))
    parts.append("</svg>")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
