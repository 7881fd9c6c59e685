/*
 * Answers Intel MKL's vendor check with "yes" for the process, so that MKL dispatches its kernels by the processor's
 * instruction sets alone (AVX-512 on an AMD processor that has it) instead of keeping to AVX2 code on processors not
 * made by Intel. libtorch_cpu.so links MKL and calls this function through its procedure linkage table; loaded with
 * RTLD_GLOBAL before libtorch, this definition is found first. Synaptic.ML loads it only on AMD processors with
 * AVX-512 (Synaptic.ML/Torch/MklAmdKernels.cs, which says why and what it measured).
 */
int mkl_serv_intel_cpu_true(void) { return 1; }
