#!/usr/bin/python3
"""torch.mm at the shapes of gemm's BenchmarkSgemm, for comparison.

Prints one line per shape: the median and the best GFLOP/s over several
timed batches, float32, on the number of threads given (default 2).

Run it at PyTorch's strongest setting on this machine (see
shared/bench/torch_ref.py):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE \
        /usr/bin/python3 internal/gemm/testdata/torch_mm.py
(Debian: apt-get install -y python3-torch python3-numpy.)
"""
import statistics, sys, time

import torch

# (m, k, n, transposed operand) as in bench_test.go's benchShapes.
SHAPES = [
    (256, 784, 128, ""), (256, 784, 32, ""), (256, 784, 256, ""), (256, 256, 64, ""),
    (128, 784, 1000, ""), (128, 1000, 500, ""), (128, 500, 250, ""), (128, 250, 30, ""),
    (784, 256, 32, "A"), (784, 256, 256, "A"), (1000, 128, 500, "A"), (250, 128, 30, "A"),
    (256, 32, 784, "B"), (256, 256, 784, "B"), (128, 500, 1000, "B"), (128, 30, 250, "B"),
    (10000, 784, 32, ""),
]


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, float32")
    for m, k, n, t in SHAPES:
        a = torch.rand(k, m).t() if t == "A" else torch.rand(m, k)  # op(A) m×k
        b = torch.rand(n, k).t() if t == "B" else torch.rand(k, n)  # op(B) k×n
        c = torch.empty(m, n)
        flops = 2.0 * m * n * k
        torch.mm(a, b, out=c)
        reps = max(1, int(2e7 / flops))  # about 20 MFLOP per timed batch
        rates = []
        deadline = time.perf_counter() + 0.5
        while time.perf_counter() < deadline or len(rates) < 5:
            t0 = time.perf_counter()
            for _ in range(reps):
                torch.mm(a, b, out=c)
            rates.append(flops * reps / (time.perf_counter() - t0) / 1e9)
        name = f"{m}x{k}x{n}" + (f"{t}t" if t else "")
        print(f"{name:22s} median {statistics.median(rates):7.1f}  best {max(rates):7.1f} GFLOP/s")


if __name__ == "__main__":
    main()
