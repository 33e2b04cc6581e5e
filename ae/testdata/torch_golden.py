#!/usr/bin/python3
"""PyTorch goldens for aekit's convolutional layers and presets.

Builds each layer (and each preset of ae/presets.go) in PyTorch with fixed
weights, runs a fixed batch through it in training mode, and records the
outputs, the loss, the gradients with respect to the inputs and to every
parameter, BatchNorm's running statistics after the step, and the outputs in
evaluation mode (with running statistics set beforehand). ae/golden_test.go
builds the same layers in aekit, fills them the same way, and compares.

Run by hand (Debian's torch, float64 for the reference values):
    apt-get install -y python3-torch python3-numpy
    /usr/bin/python3 ae/testdata/torch_golden.py > ae/testdata/torch_golden.json

Every number comes from one integer hash, so both sides make the same
values without sharing a random generator:
    u(k, salt) = ((k·2654435761 + salt·97531 + 12345) mod 2³² >> 8) / 2²⁴  in [0, 1)
Parameters are filled tensor by tensor in module.parameters() order, each
tensor flattened in PyTorch's layout, k counting on across tensors:
weights and biases of Linear and convolutions (2u-1)/√fan_in (PyTorch's
fan-in: weight.size(1)·k·k), BatchNorm's γ 0.8+0.4u and β 0.2u-0.1; then
the buffers, running means 0.2u-0.1 and running variances 0.5+u. The input
batch is u(k, salt+1), the target u(k, salt+2) (the presets rebuild their
input, as an autoencoder does, and their x and y are left out of the file).

Arrays are stored as base64 of little-endian float32, to keep the file
small.
"""
import base64, json, math

import numpy as np
import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)


def u(k, salt):
    h = (k * 2654435761 + salt * 97531 + 12345) % (1 << 32)
    return (h >> 8) / float(1 << 24)


def fill(model, salt):
    k = 0
    for mod in model.modules():
        if isinstance(mod, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            w = mod.weight
            fan = w.size(1) * (w[0][0].numel() if w.dim() > 2 else 1)
            bound = 1 / math.sqrt(fan)
            for p in (mod.weight, mod.bias):
                flat = p.data.view(-1)
                for i in range(flat.numel()):
                    flat[i] = (2 * u(k, salt) - 1) * bound
                    k += 1
        elif isinstance(mod, (nn.BatchNorm1d, nn.BatchNorm2d)):
            for p, f in ((mod.weight, lambda v: 0.8 + 0.4 * v), (mod.bias, lambda v: 0.2 * v - 0.1)):
                flat = p.data.view(-1)
                for i in range(flat.numel()):
                    flat[i] = f(u(k, salt))
                    k += 1
    for mod in model.modules():
        if isinstance(mod, (nn.BatchNorm1d, nn.BatchNorm2d)):
            for b, f in ((mod.running_mean, lambda v: 0.2 * v - 0.1), (mod.running_var, lambda v: 0.5 + v)):
                for i in range(b.numel()):
                    b[i] = f(u(k, salt))
                    k += 1


def batch(shape, salt):
    n = int(np.prod(shape))
    return torch.tensor([u(k, salt) for k in range(n)]).view(*shape)


def b64(t):
    return base64.b64encode(t.detach().numpy().astype("<f4").tobytes()).decode()


def record(name, model, in_shape, n, loss, salt, target_is_input=False):
    fill(model, salt)
    x = batch((n,) + in_shape, salt + 1)
    model.eval()
    with torch.no_grad():
        eval_out = model(x)
    model.train()
    xin = x.clone().requires_grad_(True)
    out = model(xin)
    y = x.clone() if target_is_input else batch(tuple(out.shape), salt + 2)
    if loss == "mse":
        value = nn.functional.mse_loss(out, y)
    else:
        value = nn.functional.binary_cross_entropy(out, y)
    value.backward()
    params = []
    for pname, p in model.named_parameters():
        entry = {"name": pname, "shape": list(p.shape), "norm": float(p.grad.norm()),
                 "sum": float(p.grad.sum())}
        if p.numel() <= 4096:
            entry["grad"] = b64(p.grad)
        else:
            entry["head"] = [float(v) for v in p.grad.view(-1)[:16]]
        params.append(entry)
    running = []
    for mod in model.modules():
        if isinstance(mod, (nn.BatchNorm1d, nn.BatchNorm2d)):
            running.append({"mean": b64(mod.running_mean), "var": b64(mod.running_var)})
    return {"name": name, "input": list(in_shape), "batch": n, "loss": loss, "salt": salt,
            "x": None if target_is_input else b64(x), "y": None if target_is_input else b64(y), "out": b64(out.reshape(n, -1)),
            "loss_value": float(value), "grad_x": b64(xin.grad.reshape(n, -1)), "params": params,
            "running": running, "eval_out": b64(eval_out.reshape(n, -1))}


def act(name, slope=0.01):
    return {"relu": nn.ReLU(), "leaky": nn.LeakyReLU(slope), "tanh": nn.Tanh(), "sigmoid": nn.Sigmoid(),
            "linear": nn.Identity()}[name]


def layers():
    """(name, module, input shape, loss): one layer (with its activation) or a few, on 3 images."""
    ct = nn.ConvTranspose2d
    return [
        ("conv same stride 1, relu", nn.Sequential(nn.Conv2d(2, 3, 3, padding=1), act("relu")), (2, 7, 7), "mse"),
        ("conv same stride 2 odd, leaky 0.2", nn.Sequential(nn.Conv2d(1, 4, 3, stride=2, padding=1), act("leaky", 0.2)), (1, 7, 7), "mse"),
        ("conv kernel 5 stride 3 padding 2, tanh", nn.Sequential(nn.Conv2d(2, 2, 5, stride=3, padding=2), act("tanh")), (2, 9, 8), "mse"),
        ("conv valid kernel 2, sigmoid, bce", nn.Sequential(nn.Conv2d(3, 2, 2), act("sigmoid")), (3, 5, 6), "bce"),
        ("convT same stride 2, sigmoid, bce", nn.Sequential(ct(3, 2, 3, stride=2, padding=1, output_padding=1), act("sigmoid")), (3, 4, 4), "bce"),
        ("convT padding 1 stride 2 odd, linear", nn.Sequential(ct(2, 3, 3, stride=2, padding=1)), (2, 3, 3), "mse"),
        ("convT valid kernel 2 stride 1, leaky", nn.Sequential(ct(2, 2, 2), act("leaky")), (2, 4, 5), "mse"),
        ("convT kernel 4 padding 1 output padding 1", nn.Sequential(ct(1, 2, 4, stride=2, padding=1, output_padding=1)), (1, 3, 3), "mse"),
        ("maxpool floor odd", nn.MaxPool2d(2), (2, 7, 5), "mse"),
        ("maxpool ceil odd", nn.MaxPool2d(2, ceil_mode=True), (2, 7, 7), "mse"),
        ("upsample nearest 2", nn.Upsample(scale_factor=2), (2, 3, 4), "mse"),
        ("batchnorm 2d keras defaults", nn.BatchNorm2d(3, eps=1e-3, momentum=0.01), (3, 4, 4), "mse"),
        ("batchnorm 1d torch defaults", nn.BatchNorm1d(5), (5,), "mse"),
        ("dense leaky 0.2", nn.Sequential(nn.Linear(6, 4), act("leaky", 0.2)), (6,), "mse"),
        ("flatten dense tanh", nn.Sequential(nn.Flatten(), nn.Linear(18, 5), act("tanh")), (2, 3, 3), "mse"),
        ("dense unflatten conv sigmoid", nn.Sequential(nn.Linear(4, 18), nn.Unflatten(1, (2, 3, 3)),
                                                       nn.Conv2d(2, 1, 3, padding=1), act("sigmoid")), (4,), "bce"),
    ]


def pyimagesearch():
    def block(conv, ch):
        return [conv, nn.LeakyReLU(0.2), nn.BatchNorm2d(ch, eps=1e-3, momentum=0.01)]
    return nn.Sequential(
        *block(nn.Conv2d(1, 32, 3, stride=2, padding=1), 32),
        *block(nn.Conv2d(32, 64, 3, stride=2, padding=1), 64),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 16),
        nn.Linear(16, 64 * 7 * 7), nn.Unflatten(1, (64, 7, 7)),
        *block(nn.ConvTranspose2d(64, 64, 3, stride=2, padding=1, output_padding=1), 64),
        *block(nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1), 32),
        nn.ConvTranspose2d(32, 1, 3, padding=1), nn.Sigmoid())


def keras_blog():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),
        nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), nn.Upsample(scale_factor=2),
        nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), nn.Upsample(scale_factor=2),
        nn.Conv2d(8, 16, 3), nn.ReLU(), nn.Upsample(scale_factor=2),
        nn.Conv2d(16, 1, 3, padding=1), nn.Sigmoid())


def tf_denoiser():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.ReLU(),
        nn.Conv2d(16, 8, 3, stride=2, padding=1), nn.ReLU(),
        nn.ConvTranspose2d(8, 8, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
        nn.ConvTranspose2d(8, 16, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
        nn.Conv2d(16, 1, 3, padding=1), nn.Sigmoid())


def main():
    cases = []
    for i, (name, mod, shape, loss) in enumerate(layers()):
        cases.append(record(name, mod, shape, 3, loss, 10 * (i + 1)))
    for i, (name, mod, loss) in enumerate([("PyImageSearchConv", pyimagesearch(), "mse"),
                                          ("KerasBlogConv", keras_blog(), "bce"),
                                          ("TensorFlowDenoiser", tf_denoiser(), "mse")]):
        cases.append(record(name, mod, (1, 28, 28), 3, loss, 1000 + 10 * i, target_is_input=True))
    print(json.dumps({"comment": "written by ae/testdata/torch_golden.py; see its doc string",
                      "torch": torch.__version__, "cases": cases}, indent=1))


if __name__ == "__main__":
    main()
