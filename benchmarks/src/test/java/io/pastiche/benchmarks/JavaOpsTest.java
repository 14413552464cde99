package io.pastiche.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import org.junit.jupiter.api.Test;

/** The plain-Java baselines compute what they claim, so that their times mean something. */
class JavaOpsTest {

    @Test
    void cinNormalisesEachChannelThenScalesAndShifts() {
        int channels = 2;
        int plane = 4;
        float[] x = {1, 2, 3, 4, 10, 10, 10, 14};
        float[] gamma = {2, 1};
        float[] beta = {0.5f, -1};
        float[] y = new float[8];
        float[] mean = new float[2];
        float[] inv = new float[2];
        JavaOps.cinForward(x, channels, plane, gamma, beta, y, mean, inv);
        assertThat(mean).containsExactly(2.5f, 11f);
        double std0 = Math.sqrt(1.25 + 1e-5);
        assertThat((double) y[0]).isCloseTo(2 * (1 - 2.5) / std0 + 0.5, within(1e-5));
        assertThat((double) y[7]).isCloseTo((14 - 11) / Math.sqrt(3 + 1e-5) - 1, within(1e-5));
    }

    @Test
    void cinGradientsMatchFiniteDifferences() {
        int channels = 3;
        int plane = 25;
        float[] x = Fixtures.floats(channels * plane, 1);
        float[] dy = Fixtures.floats(channels * plane, 2);
        float[] gamma = Fixtures.floats(channels, 3);
        float[] beta = Fixtures.floats(channels, 4);
        float[] y = new float[x.length];
        float[] mean = new float[channels];
        float[] inv = new float[channels];
        float[] dGamma = new float[channels];
        float[] dBeta = new float[channels];
        float[] dx = new float[x.length];
        JavaOps.cinForward(x, channels, plane, gamma, beta, y, mean, inv);
        JavaOps.cinBackward(x, dy, channels, plane, gamma, mean, inv, dGamma, dBeta, dx);
        double h = 1e-2;
        // loss = sum dy * y, so d loss / d p = sum dy * dy/dp
        for (int c = 0; c < channels; c++) {
            float[] g = gamma.clone();
            g[c] += (float) h;
            double plus = loss(x, dy, channels, plane, g, beta);
            g[c] -= (float) (2 * h);
            double minus = loss(x, dy, channels, plane, g, beta);
            assertThat((double) dGamma[c]).isCloseTo((plus - minus) / (2 * h), within(1e-2));
        }
        for (int i : new int[] {0, 7, 40, 74}) {
            float[] xp = x.clone();
            xp[i] += (float) h;
            double plus = loss(xp, dy, channels, plane, gamma, beta);
            xp[i] -= (float) (2 * h);
            double minus = loss(xp, dy, channels, plane, gamma, beta);
            assertThat((double) dx[i]).isCloseTo((plus - minus) / (2 * h), within(2e-2));
        }
    }

    private static double loss(float[] x, float[] dy, int channels, int plane, float[] gamma, float[] beta) {
        float[] y = new float[x.length];
        JavaOps.cinForward(x, channels, plane, gamma, beta, y, new float[channels], new float[channels]);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += dy[i] * (double) y[i];
        }
        return sum;
    }

    @Test
    void convolutionReflectsAtTheEdges() {
        // 1 channel 3x3, identity kernel shifted left: out(y, x) = padded(y + 1, x + 2) = in(y, reflect(x + 1))
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] w = new float[9];
        w[1 * 3 + 2] = 1;
        float[] out = JavaOps.conv(x, 1, 3, 3, w, 1, 3, 1, 1);
        assertThat(out).containsExactly(2, 3, 2, 5, 6, 5, 8, 9, 8);
        // stride 2 keeps rows and columns 0 and 2: ceil(3 / 2) = 2
        assertThat(JavaOps.conv(x, 1, 3, 3, w, 1, 3, 2, 1)).containsExactly(2, 2, 8, 8);
    }

    @Test
    void upsamplingRepeatsEachPixelTwiceInEachDirection() {
        float[] x = {1, 2, 3, 4};
        assertThat(JavaOps.upsample2(x, 1, 2, 2)).containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
        // a 1x1 identity kernel after upsampling gives the upsampled image, 4x4
        assertThat(JavaOps.conv(x, 1, 2, 2, new float[] {1}, 1, 1, 1, 2)).hasSize(16);
    }

    @Test
    void probesTakeAndGiveRgb() {
        for (String name : new String[] {"contract/conv1", "residual/residual1/conv1", "expand/conv1",
                "expand/conv3"}) {
            Fixtures.LayerAt at = Fixtures.standardLayer(name, 256);
            for (boolean frame : new boolean[] {false, true}) {
                NetworkSpec spec = Fixtures.probe(at.layer(), frame);
                assertThat(spec.convolutions()).hasSizeLessThanOrEqualTo(3);
                assertThat(spec.outputSize(at.inputSide())).isEqualTo(at.layer().outputSize(at.inputSide()));
            }
        }
        Fixtures.LayerAt residual = Fixtures.standardLayer("residual/residual1/conv1", 256);
        assertThat(residual.inputSide()).isEqualTo(64);
        assertThat(residual.flops()).isEqualTo(2.0 * 128 * 128 * 9 * 64 * 64);
        ConvLayer up = Fixtures.standardLayer("expand/conv1", 256).layer();
        assertThat(up.upsample()).isEqualTo(2);
    }
}
