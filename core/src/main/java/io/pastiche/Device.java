package io.pastiche;

/**
 * Where a backend runs the network. Which GPUs a backend can use depends on the engine's native artifact on the class
 * path (a CUDA build), not on this setting: this only says what to use of what is there, and what to refuse.
 */
public enum Device {
    /** The engine's own choice: its GPU where its natives and the machine have one, else the CPU. */
    AUTO,
    /** The CPU, even where a GPU is present. */
    CPU,
    /** A GPU (the first the engine sees), or a {@link BackendException} that names the artifact it needs. */
    GPU
}
