package io.pastiche.cli;

import java.math.BigDecimal;

/** Numbers as people read them, and exactly: what is printed parses back to the same double. */
final class Numbers {

    private Numbers() {
    }

    /**
     * The shortest decimal that reads back as {@code value} ({@link Double#toString}'s digits), plainly written
     * from 0.0001 to below 10^9 ({@code 0.0625}, {@code 1000}) and with an exponent otherwise ({@code 1e30},
     * {@code 2.5e-7}). No {@code +} in exponents: the same text goes into file names, where {@code +} joins the
     * styles of a mix.
     */
    static String exact(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return value == 0 ? "0" : Double.toString(value);
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent >= -4 && exponent < 9) {
            return decimal.toPlainString();
        }
        return decimal.movePointLeft(exponent).stripTrailingZeros().toPlainString() + "e" + exponent;
    }
}
