package io.pastiche.cli;

import io.pastiche.Device;
import io.pastiche.LoadOptions;
import io.pastiche.Printable;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Which engine a command runs on, and on which device: {@code --backend} and {@code --device}. */
final class EngineOptions {

    @Option(names = "--backend", paramLabel = "NAME",
            description = "The engine to run on, for example djl. Default: the PASTICHE_BACKEND environment "
                    + "variable, else the best one available ('pastiche --version' lists them).")
    String backend;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto", converter = DeviceConverter.class,
            description = "cpu, gpu or auto: where the engine runs. gpu needs the engine's GPU natives and a GPU, "
                    + "and fails naming them otherwise (docs/spi.md). Default: auto, the engine's own choice.")
    Device device = Device.AUTO;

    /** The options a network is loaded with. */
    LoadOptions loadOptions() {
        return LoadOptions.defaults().withBackend(backend).withDevice(device);
    }

    /** cpu, gpu, auto in any case; anything else is a usage error that lists them. */
    static final class DeviceConverter implements ITypeConverter<Device> {
        @Override
        public Device convert(String value) {
            try {
                return Device.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + Printable.escaped(value) + "' is not a device; use cpu, gpu or auto");
            }
        }
    }
}
