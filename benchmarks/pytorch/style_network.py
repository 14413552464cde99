#!/usr/bin/env python3
"""The peer a pastiche user would otherwise run: the same style network in PyTorch eager, timed on this machine.

Not part of the library; a yardstick for docs/benchmarks.md. The network is NetworkSpec.standard(alpha): 9x9 3->32,
3x3 stride 2 32->64 and 64->128, five residual blocks of two 3x3 128->128, nearest upsampling x2 + 3x3 128->64 and
64->32, 9x9 32->3 with a sigmoid; reflect padding, conditional instance normalisation (per-style gamma/beta) after
every convolution, ReLU except the second convolution of each block. Written the way the paper's PyTorch ports
write it (pad, conv, instance norm with the style's scale and shift), nothing fused by hand.

    python3 benchmarks/pytorch/style_network.py infer [--sizes 256,512,1024] [--warmup-seconds 20] [--threads N]
    python3 benchmarks/pytorch/style_network.py train [--side 128] [--alpha 0.5] [--batch 4] [--warmup-seconds 10]
                                                      [--threads N]

infer: one image per call under torch.inference_mode(), 4 styles in turn, random weights N(0, 0.01); the same
warm-up and repetitions as the end-to-end command (10 at 256, scaled down by the pixel count, at least 3; the
warm-up lasts at least --warmup-seconds, 20 by default, as there).
train: the training step pastiche's Trainer runs: the style network forward on a batch (one style per image),
VGG-19 up to relu4_1 (average pooling, torchvision normalisation, random weights) on the pastiches and on the
photos, content loss at relu3_1, Gram style losses at relu1_1..relu4_1 (weight 2e-5), backward to every weight and
gamma/beta, one Adam step; median of 10 steps after a warm-up of at least 2 steps and at least --warmup-seconds, as
the training throughput command. Prints images/s.

Needs PyTorch (Debian: apt-get install python3-torch, PyTorch 1.13). Threads default to os.cpu_count().
"""
import argparse
import os
import platform
import statistics
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    sys.exit("style_network.py: needs PyTorch; on Debian: apt-get install python3-torch")


def layers(alpha):
    c1, c2, c3 = max(1, int(32 * alpha)), max(1, int(64 * alpha)), max(1, int(128 * alpha))
    # (input channels, output channels, kernel, stride, upsample, activation), residual pairs marked "res"
    spec = [(3, c1, 9, 1, 1, "relu"), (c1, c2, 3, 2, 1, "relu"), (c2, c3, 3, 2, 1, "relu")]
    for _ in range(5):
        spec.append(("res", (c3, c3, 3, 1, 1, "relu"), (c3, c3, 3, 1, 1, "none")))
    spec += [(c3, c2, 3, 1, 2, "relu"), (c2, c1, 3, 1, 2, "relu"), (c1, 3, 9, 1, 1, "sigmoid")]
    return spec


class StyleNetwork(torch.nn.Module):
    def __init__(self, alpha, styles):
        super().__init__()
        self.spec = layers(alpha)
        convs = []
        for entry in self.spec:
            convs += list(entry[1:]) if entry[0] == "res" else [entry]
        self.convs = convs
        self.weights = torch.nn.ParameterList(
            [torch.nn.Parameter(torch.randn(o, i, k, k) * 0.01) for (i, o, k, _, _, _) in convs])
        self.gammas = torch.nn.ParameterList(
            [torch.nn.Parameter(1 + 0.1 * torch.randn(styles, o)) for (_, o, _, _, _, _) in convs])
        self.betas = torch.nn.ParameterList(
            [torch.nn.Parameter(0.1 * torch.randn(styles, o)) for (_, o, _, _, _, _) in convs])

    def layer(self, index, x, style):
        _, _, k, stride, upsample, activation = self.convs[index]
        if upsample == 2:
            x = F.interpolate(x, scale_factor=2, mode="nearest")
        x = F.pad(x, [k // 2] * 4, mode="reflect")
        x = F.conv2d(x, self.weights[index], stride=stride)
        x = F.instance_norm(x, eps=1e-5)
        x = x * self.gammas[index][style][:, :, None, None] + self.betas[index][style][:, :, None, None]
        if activation == "relu":
            return F.relu(x)
        if activation == "sigmoid":
            return torch.sigmoid(x)
        return x

    def forward(self, x, style):
        index = 0
        for entry in self.spec:
            if entry[0] == "res":
                y = self.layer(index, x, style)
                x = x + self.layer(index + 1, y, style)
                index += 2
            else:
                x = self.layer(index, x, style)
                index += 1
        return x


def flops(alpha, side):
    total, h = 0, side
    for i, o, k, stride, upsample, _ in StyleNetwork(alpha, 1).convs:
        h = h * upsample // stride
        total += 2 * h * h * o * i * k * k
    return total


def infer(args):
    for side in [int(s) for s in args.sizes.split(",")]:
        torch.manual_seed(1)
        net = StyleNetwork(1.0, 4).eval()
        repetitions = max(3, round(10 * 256 * 256 / (side * side)))
        warmup = max(1, round(3 * 256 * 256 / (side * side)))
        image = torch.rand(1, 3, side, side)
        times = []
        with torch.inference_mode():
            net(image, torch.tensor([0]))
            # as the end-to-end command: a count of warm-up images, and at least --warmup-seconds of them
            warm_until = time.perf_counter() + args.warmup_seconds
            done = 0
            while done < warmup or time.perf_counter() < warm_until:
                net(image, torch.tensor([done % 4]))
                done += 1
            warmup = done
            for i in range(repetitions):
                start = time.perf_counter()
                net(image, torch.tensor([(warmup + i) % 4]))
                times.append((time.perf_counter() - start) * 1000)
        median = statistics.median(times)
        print(f"| {side} x {side} | PyTorch {torch.__version__} eager | {median:,.0f} | "
              f"{min(times):,.0f} - {max(times):,.0f} | {flops(1.0, side) / median / 1e6:.0f} | "
              f"{warmup} + {repetitions} |", flush=True)


def vgg19_to_relu4_1():
    # (out channels, name of the relu after it, pool before it)
    plan = [(64, "relu1_1", False), (64, None, False), (128, "relu2_1", True), (128, None, False),
            (256, "relu3_1", True), (256, None, False), (256, None, False), (256, None, False),
            (512, "relu4_1", True)]
    weights, channels = [], 3
    for out, _, _ in plan:
        weights.append((torch.randn(out, channels, 3, 3) * (2.0 / (9 * channels)) ** 0.5, torch.zeros(out)))
        channels = out
    mean = torch.tensor([0.485, 0.456, 0.406])[None, :, None, None]
    std = torch.tensor([0.229, 0.224, 0.225])[None, :, None, None]

    def features(x):
        x = (x - mean) / std
        found = {}
        for (out, name, pool), (w, b) in zip(plan, weights):
            if pool:
                x = F.avg_pool2d(x, 2)
            x = F.relu(F.conv2d(x, w, b, padding=1))
            if name:
                found[name] = x
        return found

    return features


def gram(x):
    b, c, h, w = x.shape
    f = x.reshape(b, c, h * w)
    return f @ f.transpose(1, 2) / (c * h * w)


def train(args):
    torch.manual_seed(1)
    net = StyleNetwork(args.alpha, 16)
    vgg = vgg19_to_relu4_1()
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    style_layers = ["relu1_1", "relu2_1", "relu3_1", "relu4_1"]
    with torch.no_grad():
        targets = {name: gram(f) for name, f in vgg(torch.rand(1, 3, 256, 256)).items()}
    photos = torch.rand(args.batch, 3, args.side, args.side)
    styles = torch.arange(args.batch) % 16

    def step():
        optimizer.zero_grad()
        pastiche = net(photos, styles)
        made = vgg(pastiche)
        with torch.no_grad():
            content_target = vgg(photos)["relu3_1"]
        loss = F.mse_loss(made["relu3_1"], content_target)
        for name in style_layers:
            loss = loss + 2e-5 * F.mse_loss(gram(made[name]), targets[name].expand(args.batch, -1, -1))
        loss.backward()
        optimizer.step()

    warmup = 0
    warm_until = time.perf_counter() + args.warmup_seconds
    while warmup < 2 or time.perf_counter() < warm_until:
        step()
        warmup += 1
    times = []
    for _ in range(10):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"PyTorch {torch.__version__} training, {args.side} x {args.side}, alpha {args.alpha}, batch {args.batch}: "
          f"median {median:.3f} s per step (min {min(times):.3f}, max {max(times):.3f}), "
          f"{args.batch / median:.2f} images/s; {warmup} + {len(times)} steps", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("infer")
    p.add_argument("--sizes", default="256,512,1024")
    p.add_argument("--warmup-seconds", type=float, default=20.0)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p = sub.add_parser("train")
    p.add_argument("--side", type=int, default=128)
    p.add_argument("--alpha", type=float, default=0.5)
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--warmup-seconds", type=float, default=10.0)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, oneDNN "
          f"{'on' if torch.backends.mkldnn.is_available() else 'off'}; Python {platform.python_version()}"
          + (f"; kernels capped at {os.environ['BENCH_ISA'].upper()} (BENCH_ISA)" if os.environ.get("BENCH_ISA") else ""),
          flush=True)
    if args.command == "infer":
        print("| image | engine | median ms / image | min - max ms | GFLOP/s | warm-up + timed |")
        print("|---|---|--:|--:|--:|--:|")
        infer(args)
    else:
        train(args)


if __name__ == "__main__":
    main()
