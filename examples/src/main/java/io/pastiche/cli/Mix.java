package io.pastiche.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value of {@code --mix}: {@code STYLE=WEIGHT} terms separated by commas. Parsed here as a whole rather than
 * split by picocli, which drops empty pieces: {@code a=1,} or a lone {@code ,} must be refused, not half-read.
 */
record Mix(List<MixTerm> terms) {

    static final String EXAMPLE = "--mix starry_night=0.7,the_scream=0.3";

    Mix {
        terms = List.copyOf(terms);
    }

    static final class Converter implements ITypeConverter<Mix> {
        private final MixTerm.Converter term = new MixTerm.Converter();

        @Override
        public Mix convert(String value) {
            if (value.isBlank()) {
                throw new TypeConversionException("no styles given; write STYLE=WEIGHT terms separated by commas, "
                        + "for example " + EXAMPLE + " (style names or indices)");
            }
            List<MixTerm> terms = new ArrayList<>();
            for (String piece : value.split(",", -1)) {
                if (piece.isBlank()) {
                    throw new TypeConversionException("'" + value + "' has an empty term; write STYLE=WEIGHT terms "
                            + "separated by single commas, for example " + EXAMPLE);
                }
                terms.add(term.convert(piece));
            }
            return new Mix(terms);
        }
    }
}
