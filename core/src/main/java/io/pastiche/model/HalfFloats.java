package io.pastiche.model;

/**
 * Conversions between float and the two 16-bit float formats, by hand because Java 17 has no
 * {@code Float.float16ToFloat}. Narrowing rounds to nearest, ties to even, as IEEE 754 and PyTorch do; NaN stays
 * NaN, infinities stay infinite, values beyond the 16-bit range become infinite and those below half the
 * smallest subnormal become (signed) zero.
 */
public final class HalfFloats {

    /** 65520, halfway between the largest half (65504) and 2^16: from here up, rounding gives infinity. */
    private static final int F16_OVERFLOW_BITS = 0x477f_f000;
    /** 2^-14, the smallest normal half. */
    private static final int F16_MIN_NORMAL_BITS = 0x3880_0000;

    private HalfFloats() {
    }

    /**
     * The float value of an IEEE 754 half (binary16); exact, every half is a float.
     *
     * @param half the half's 16 bits
     * @return its value; NaN keeps its payload, infinities stay infinite
     */
    public static float f16ToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            // Infinity or NaN: widen the payload so that a NaN keeps its bits on the way back.
            return Float.intBitsToFloat(sign | 0x7f80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /**
     * The nearest half to {@code value}, ties to even.
     *
     * @param value any float
     * @return the half's 16 bits; ±infinity for magnitudes from 65520 up (the largest half is 65504), ±0 for
     *         magnitudes up to 2^-25
     */
    public static short floatToF16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fff_ffff;
        if (abs >= 0x7f80_0000) {
            if (abs == 0x7f80_0000) {
                return (short) (sign | 0x7c00);
            }
            // NaN: keep the top payload bits, and force a quiet bit if they were all in the dropped part.
            int payload = (abs >>> 13) & 0x3ff;
            return (short) (sign | 0x7c00 | (payload == 0 ? 0x200 : payload));
        }
        if (abs >= F16_OVERFLOW_BITS) {
            return (short) (sign | 0x7c00);
        }
        if (abs < F16_MIN_NORMAL_BITS) {
            return (short) (sign | subnormal(abs));
        }
        // Normal: rebias the exponent, keep 10 mantissa bits, round on the 13 dropped ones. A carry out of the
        // mantissa correctly bumps the exponent.
        int half = (((abs >>> 23) - 127 + 15) << 10) | ((abs >>> 13) & 0x3ff);
        return (short) (sign | (half + roundUp(abs & 0x1fff, 13, half)));
    }

    /** Magnitude bits of the half for a float magnitude below 2^-14, in units of 2^-24. */
    private static int subnormal(int abs) {
        int exponent = abs >>> 23;
        int shift = 126 - exponent; // value / 2^-24 = significand >> shift
        if (shift > 24) {
            return 0; // below 2^-25, half the smallest subnormal: rounds to zero (float subnormals land here)
        }
        int significand = (abs & 0x7f_ffff) | 0x80_0000;
        int units = significand >>> shift;
        // May round up to 0x400, which is the bit pattern of the smallest normal: correct as it stands.
        return units + roundUp(significand & ((1 << shift) - 1), shift, units);
    }

    /** 1 if the dropped {@code bits} low bits ({@code rest}) round {@code kept} up, ties to even; else 0. */
    private static int roundUp(int rest, int bits, int kept) {
        int halfway = 1 << (bits - 1);
        return rest > halfway || (rest == halfway && (kept & 1) == 1) ? 1 : 0;
    }

    /**
     * The float value of a bfloat16: its 16 bits are the top half of a float's.
     *
     * @param bf16 the bfloat16's 16 bits
     * @return its value; exact
     */
    public static float bf16ToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }

    /**
     * The nearest bfloat16 to {@code value}, ties to even; overflow rounds to infinity as in IEEE 754.
     *
     * @param value any float
     * @return the bfloat16's 16 bits; NaN stays NaN
     */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7fff_ffff) > 0x7f80_0000) {
            // NaN: keep the top payload bits; if truncation would clear them all (making it infinity), set the
            // quiet bit.
            int top = bits >>> 16;
            return (short) ((top & 0x7f) == 0 ? top | 0x40 : top);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
