package io.pastiche.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A memory size as the JVM's options write it: {@code 2g}, {@code 512m}, {@code 800000k}, or bytes. */
final class MemorySize implements ITypeConverter<Long> {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})([kmgt]?)b?");

    @Override
    public Long convert(String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a memory size; write it as 2g, 512m or 800000k");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long bytes = Long.parseLong(m.group(1)) << shift;
        if (bytes < 1 || bytes >> shift != Long.parseLong(m.group(1))) {
            throw new TypeConversionException("'" + value + "' is not a memory size between 1 byte and 8 EB");
        }
        return bytes;
    }
}
