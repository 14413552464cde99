package io.pastiche.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One {@code STYLE=WEIGHT} term of {@code --mix}: a style name or index and its weight. Weights may be any finite
 * number (negative ones extrapolate away from a style); they are used as given unless {@code --normalize}.
 */
record MixTerm(String style, double weight) {

    /** Parses one term; picocli has already split the option's value at commas. */
    static final class Converter implements ITypeConverter<MixTerm> {
        @Override
        public MixTerm convert(String value) {
            int equals = value.lastIndexOf('=');
            if (equals <= 0 || equals == value.length() - 1) {
                throw new TypeConversionException("'" + value + "' is not STYLE=WEIGHT; write for example "
                        + "--mix starry_night=0.7,monet=0.3 (style names or indices)");
            }
            String style = value.substring(0, equals).trim();
            String number = value.substring(equals + 1).trim();
            double weight;
            try {
                weight = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("the weight of '" + style + "' is not a number: '" + number + "'");
            }
            if (!Double.isFinite(weight)) {
                throw new TypeConversionException("the weight of '" + style + "' must be finite, was " + number);
            }
            if (style.isEmpty()) {
                throw new TypeConversionException("'" + value + "' names no style");
            }
            return new MixTerm(style, weight);
        }
    }
}
