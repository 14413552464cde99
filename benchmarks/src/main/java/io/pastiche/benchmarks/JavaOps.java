package io.pastiche.benchmarks;

/**
 * Plain-Java float32 versions of the network's operations, written the straightforward way a Java programmer would
 * (loops the JIT can vectorise, no threads, no native code): the baseline the engines are measured against. Feature
 * maps are one image, CHW, row-major.
 */
public final class JavaOps {

    /** Epsilon of the instance normalisation, as in the paper and every backend. */
    public static final float EPSILON = 1e-5f;

    private JavaOps() {
    }

    /**
     * CIN forward: per channel, mean and biased variance over the plane, then
     * {@code y = gamma * (x - mean) / sqrt(var + eps) + beta}.
     *
     * @param mean   filled with each channel's mean (kept for the backward pass)
     * @param invStd filled with each channel's 1 / sqrt(var + eps)
     */
    public static void cinForward(float[] x, int channels, int plane, float[] gamma, float[] beta, float[] y,
                                  float[] mean, float[] invStd) {
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            float sum = 0;
            for (int i = 0; i < plane; i++) {
                sum += x[base + i];
            }
            float m = sum / plane;
            float squares = 0;
            for (int i = 0; i < plane; i++) {
                float d = x[base + i] - m;
                squares += d * d;
            }
            float inv = (float) (1.0 / Math.sqrt(squares / plane + EPSILON));
            float scale = gamma[c] * inv;
            float shift = beta[c] - m * scale;
            for (int i = 0; i < plane; i++) {
                y[base + i] = x[base + i] * scale + shift;
            }
            mean[c] = m;
            invStd[c] = inv;
        }
    }

    /**
     * CIN backward w.r.t. gamma and beta, from the output's gradient {@code dy}: {@code dbeta = sum dy},
     * {@code dgamma = sum dy * xhat}. When {@code dx} is not null, also the input's gradient
     * {@code dx = gamma * invStd / n * (n * dy - dbeta - xhat * dgamma)}, which training needs to go on backwards.
     */
    public static void cinBackward(float[] x, float[] dy, int channels, int plane, float[] gamma, float[] mean,
                                   float[] invStd, float[] dGamma, float[] dBeta, float[] dx) {
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            float m = mean[c];
            float inv = invStd[c];
            float sumDy = 0;
            float sumDyXhat = 0;
            for (int i = 0; i < plane; i++) {
                float g = dy[base + i];
                sumDy += g;
                sumDyXhat += g * (x[base + i] - m) * inv;
            }
            dBeta[c] = sumDy;
            dGamma[c] = sumDyXhat;
            if (dx != null) {
                float k = gamma[c] * inv / plane;
                for (int i = 0; i < plane; i++) {
                    float xhat = (x[base + i] - m) * inv;
                    dx[base + i] = k * (plane * dy[base + i] - sumDy - xhat * sumDyXhat);
                }
            }
        }
    }

    /** Reflect padding by {@code p} (the edge is not repeated), as {@code MirrorPad(REFLECT)}. */
    public static float[] reflectPad(float[] x, int channels, int height, int width, int p) {
        int ph = height + 2 * p;
        int pw = width + 2 * p;
        float[] out = new float[channels * ph * pw];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < ph; y++) {
                int sy = reflect(y - p, height);
                for (int xx = 0; xx < pw; xx++) {
                    out[(c * ph + y) * pw + xx] = x[(c * height + sy) * width + reflect(xx - p, width)];
                }
            }
        }
        return out;
    }

    private static int reflect(int i, int size) {
        if (i < 0) {
            return -i;
        }
        if (i >= size) {
            return 2 * size - 2 - i;
        }
        return i;
    }

    /** Nearest-neighbour upsampling by 2: {@code out(y, x) = in(y / 2, x / 2)}. */
    public static float[] upsample2(float[] x, int channels, int height, int width) {
        int w2 = 2 * width;
        float[] out = new float[channels * 4 * height * width];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < 2 * height; y++) {
                int src = (c * height + y / 2) * width;
                int dst = (c * 2 * height + y) * w2;
                for (int xx = 0; xx < w2; xx++) {
                    out[dst + xx] = x[src + xx / 2];
                }
            }
        }
        return out;
    }

    /**
     * The convolution of a network layer: nearest upsampling by {@code upsample} (1 or 2), reflect pad by
     * {@code k / 2}, then a VALID convolution of stride 1 or 2 without bias (OIHW weights); no CIN, no activation.
     * Loop order output channel, input channel, kernel row, kernel column, then a whole output plane, so that for
     * stride 1 the innermost loop is a contiguous multiply-add the JIT vectorises.
     *
     * @return the output, {@code outChannels} planes of side {@code ceil(size * upsample / stride)}
     */
    public static float[] conv(float[] x, int inChannels, int height, int width, float[] weights, int outChannels,
                               int kernel, int stride, int upsample) {
        if (upsample == 2) {
            x = upsample2(x, inChannels, height, width);
            height *= 2;
            width *= 2;
        }
        int p = kernel / 2;
        float[] padded = reflectPad(x, inChannels, height, width, p);
        int pw = width + 2 * p;
        int ph = height + 2 * p;
        int oh = (height + stride - 1) / stride;
        int ow = (width + stride - 1) / stride;
        float[] out = new float[outChannels * oh * ow];
        for (int o = 0; o < outChannels; o++) {
            int outBase = o * oh * ow;
            for (int i = 0; i < inChannels; i++) {
                int inBase = i * ph * pw;
                for (int ky = 0; ky < kernel; ky++) {
                    for (int kx = 0; kx < kernel; kx++) {
                        float w = weights[((o * inChannels + i) * kernel + ky) * kernel + kx];
                        for (int y = 0; y < oh; y++) {
                            int src = inBase + (y * stride + ky) * pw + kx;
                            int dst = outBase + y * ow;
                            if (stride == 1) {
                                for (int xx = 0; xx < ow; xx++) {
                                    out[dst + xx] += w * padded[src + xx];
                                }
                            } else {
                                for (int xx = 0; xx < ow; xx++) {
                                    out[dst + xx] += w * padded[src + stride * xx];
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
