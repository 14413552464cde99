package io.pastiche.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    @Test
    void everyF16RoundTripsThroughFloatBitForBit() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float value = HalfFloats.f16ToFloat((short) bits);
            assertThat(HalfFloats.floatToF16(value) & 0xffff).as("half 0x%04x (%s)", bits, value).isEqualTo(bits);
        }
    }

    @Test
    void everyBf16RoundTripsThroughFloatBitForBit() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float value = HalfFloats.bf16ToFloat((short) bits);
            assertThat(HalfFloats.floatToBf16(value) & 0xffff).as("bf16 0x%04x", bits).isEqualTo(bits);
        }
    }

    @Test
    void f16DecodesKnownValues() {
        assertThat(HalfFloats.f16ToFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(HalfFloats.f16ToFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(HalfFloats.f16ToFloat((short) 0x7bff)).isEqualTo(65504f);
        assertThat(HalfFloats.f16ToFloat((short) 0x0400)).isEqualTo(0x1p-14f);
        assertThat(HalfFloats.f16ToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(HalfFloats.f16ToFloat((short) 0x03ff)).isEqualTo(1023 * 0x1p-24f);
        assertThat(HalfFloats.f16ToFloat((short) 0x8000)).isEqualTo(-0f);
        assertThat(HalfFloats.f16ToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(HalfFloats.f16ToFloat((short) 0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(HalfFloats.f16ToFloat((short) 0x7e00)).isNaN();
    }

    /** Between every two neighbouring positive halves: the midpoint goes to the even one, anything else nearest. */
    @Test
    void f16RoundsToNearestTiesToEvenEverywhere() {
        for (int low = 0; low < 0x7bff; low++) {
            float a = HalfFloats.f16ToFloat((short) low);
            float b = HalfFloats.f16ToFloat((short) (low + 1));
            float mid = (float) (((double) a + b) / 2); // 12 significant bits: exact in float
            int even = (low & 1) == 0 ? low : low + 1;
            assertThat(HalfFloats.floatToF16(mid) & 0xffff).as("midpoint after 0x%04x", low).isEqualTo(even);
            assertThat(HalfFloats.floatToF16(Math.nextDown(mid)) & 0xffff).isEqualTo(low);
            assertThat(HalfFloats.floatToF16(Math.nextUp(mid)) & 0xffff).isEqualTo(low + 1);
            assertThat(HalfFloats.floatToF16(-mid) & 0xffff).isEqualTo(even | 0x8000);
        }
    }

    @Test
    void f16OverflowUnderflowAndSpecials() {
        assertThat(HalfFloats.floatToF16(65519.996f)).isEqualTo((short) 0x7bff);
        assertThat(HalfFloats.floatToF16(65520f)).isEqualTo((short) 0x7c00); // tie with 2^16: rounds to even = inf
        assertThat(HalfFloats.floatToF16(1e10f)).isEqualTo((short) 0x7c00);
        assertThat(HalfFloats.floatToF16(-1e10f)).isEqualTo((short) 0xfc00);
        assertThat(HalfFloats.floatToF16(Float.POSITIVE_INFINITY)).isEqualTo((short) 0x7c00);
        assertThat(HalfFloats.floatToF16(0x1p-25f)).isEqualTo((short) 0); // tie with 0: even
        assertThat(HalfFloats.floatToF16(Math.nextUp(0x1p-25f))).isEqualTo((short) 1);
        assertThat(HalfFloats.floatToF16(1e-10f)).isEqualTo((short) 0);
        assertThat(HalfFloats.floatToF16(-1e-10f)).isEqualTo((short) 0x8000);
        assertThat(HalfFloats.floatToF16(Float.MIN_VALUE)).isEqualTo((short) 0);
        assertThat(HalfFloats.floatToF16(-0f)).isEqualTo((short) 0x8000);
        assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(Float.NaN))).isNaN();
        // A float NaN whose payload lives only in the 13 bits a half drops must not become infinity.
        assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(Float.intBitsToFloat(0x7f800001)))).isNaN();
    }

    @Test
    void bf16RoundsToNearestTiesToEven() {
        assertThat(HalfFloats.floatToBf16(1f)).isEqualTo((short) 0x3f80);
        assertThat(HalfFloats.floatToBf16(Float.intBitsToFloat(0x3f80_8000))).isEqualTo((short) 0x3f80); // tie, even
        assertThat(HalfFloats.floatToBf16(Float.intBitsToFloat(0x3f81_8000))).isEqualTo((short) 0x3f82); // tie, even
        assertThat(HalfFloats.floatToBf16(Float.intBitsToFloat(0x3f80_8001))).isEqualTo((short) 0x3f81);
        assertThat(HalfFloats.floatToBf16(Float.intBitsToFloat(0x3f80_7fff))).isEqualTo((short) 0x3f80);
        assertThat(HalfFloats.floatToBf16(Float.MAX_VALUE)).isEqualTo((short) 0x7f80); // rounds up to infinity
        assertThat(HalfFloats.floatToBf16(Float.NEGATIVE_INFINITY)).isEqualTo((short) 0xff80);
        assertThat(HalfFloats.floatToBf16(Float.MIN_VALUE)).isEqualTo((short) 0); // float subnormal
        assertThat(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.intBitsToFloat(0x7f800001)))).isNaN();
        assertThat(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.intBitsToFloat(0xff800001)))).isNaN();
    }
}
