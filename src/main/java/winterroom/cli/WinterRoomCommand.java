package winterroom.cli;

import picocli.CommandLine.Command;

/** The top-level command; its subcommands are the things Winter Room can be asked to do. */
@Command(name = "winter-room", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Decision support for a health and care system's winter resilience plan.",
        subcommands = {ServeCommand.class, NewTokenCommand.class, ReplayCommand.class, ImportSitrepCommand.class, MigrateStoreCommand.class})
public final class WinterRoomCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
