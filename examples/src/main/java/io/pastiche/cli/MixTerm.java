package io.pastiche.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One {@code STYLE=WEIGHT} term of {@code --mix}: a style name or index and its weight. Weights may be any finite
 * number (negative ones extrapolate away from a style); they are used as given unless {@code --normalize}.
 */
record MixTerm(String style, double weight) {

    /** A decimal number: not the hexadecimal floats, {@code 1f} and {@code 1d} that Java also parses. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    /** Parses one term ({@link Mix} splits the option's value at commas). */
    static final class Converter implements ITypeConverter<MixTerm> {
        @Override
        public MixTerm convert(String value) {
            int equals = value.indexOf('=');
            if (equals < 0) {
                throw new TypeConversionException("'" + value + "' is not STYLE=WEIGHT; write for example "
                        + Mix.EXAMPLE + " (style names or indices)");
            }
            String style = value.substring(0, equals).trim();
            String number = value.substring(equals + 1).trim();
            if (style.isEmpty()) {
                throw new TypeConversionException("'" + value + "' names no style; write for example "
                        + Mix.EXAMPLE);
            }
            if (!NUMBER.matcher(number).matches()) {
                throw new TypeConversionException("the weight of '" + style + "' is not a number: '" + number + "'");
            }
            double weight = Double.parseDouble(number);
            if (!Double.isFinite(weight)) {
                throw new TypeConversionException("the weight of '" + style + "' must be finite, was " + number);
            }
            return new MixTerm(style, weight);
        }
    }
}
