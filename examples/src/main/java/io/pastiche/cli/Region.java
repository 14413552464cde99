package io.pastiche.cli;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One {@code --region} of a mask: a colour of the label image and the style, or mix of styles, it is painted in:
 * {@code '#ff0000=starry_night'} or {@code '#0000ff=the_scream=0.6,great_wave=0.4'}.
 *
 * @param colour {@code 0xRRGGBB}
 * @param mix    the style (weight 1) or the mix
 */
record Region(int colour, Mix mix) {

    static final String EXAMPLE = "--region '#ff0000=starry_night' --region '#0000ff=the_scream=0.6,great_wave=0.4'";

    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

    /** The colour as written in the option: {@code #rrggbb}. */
    String hex() {
        return String.format(Locale.ROOT, "#%06x", colour);
    }

    /** Parses {@code #RRGGBB=STYLE} or {@code #RRGGBB=STYLE=WEIGHT,...}. */
    static final class Converter implements ITypeConverter<Region> {

        private final Mix.Converter mix = new Mix.Converter();

        @Override
        public Region convert(String value) {
            int equals = value.indexOf('=');
            String colour = (equals < 0 ? value : value.substring(0, equals)).trim();
            if (!COLOUR.matcher(colour).matches()) {
                throw new TypeConversionException("'" + value + "' does not start with a colour #RRGGBB (six hex "
                        + "digits, the label image's colour of the region); write for example " + EXAMPLE);
            }
            String styles = equals < 0 ? "" : value.substring(equals + 1).trim();
            if (styles.isEmpty()) {
                throw new TypeConversionException("'" + value + "' names no style for " + colour + "; write for "
                        + "example " + EXAMPLE);
            }
            Mix regionMix = styles.contains("=") ? mix.convert(styles) : new Mix(List.of(new MixTerm(styles, 1)));
            return new Region(Integer.parseInt(colour.substring(1), 16), regionMix);
        }
    }
}
