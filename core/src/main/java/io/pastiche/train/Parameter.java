package io.pastiche.train;

/**
 * One tensor the trainer owns: its values, Adam's moments, and the range of elements that train. A gamma table
 * being fine-tuned for new styles trains only its new rows; the old rows and a frozen convolution are never
 * written, so they stay bit-identical.
 */
final class Parameter {

    final String name;
    final long[] shape;
    final float[] values;
    final float[] m;
    final float[] v;
    final int trainFrom;
    final int trainTo;

    Parameter(String name, long[] shape, float[] values, int trainFrom, int trainTo) {
        this.name = name;
        this.shape = shape.clone();
        this.values = values;
        this.m = new float[values.length];
        this.v = new float[values.length];
        this.trainFrom = trainFrom;
        this.trainTo = trainTo;
    }

    boolean trains() {
        return trainFrom < trainTo;
    }

    void update(float[] grads, long step, double learningRate) {
        Adam.update(values, grads, m, v, trainFrom, trainTo, step, learningRate);
    }
}
