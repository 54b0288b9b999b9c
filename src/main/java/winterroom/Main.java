package winterroom;

import picocli.CommandLine;
import winterroom.cli.WinterRoomCommand;

/** Entry point: `java -jar winter-room.jar [serve] [--port N] [--rules DIR]`, or one of the other commands. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // With no command named, serving is what people expect.
        if (args.length == 0 || args[0].startsWith("-") && !args[0].equals("--help") && !args[0].equals("-h") && !args[0].equals("--version")) {
            String[] withServe = new String[args.length + 1];
            withServe[0] = "serve";
            System.arraycopy(args, 0, withServe, 1, args.length);
            args = withServe;
        }
        CommandLine cli = new CommandLine(new WinterRoomCommand());
        // a bad setting (an environment variable picocli does not parse, a folder that is not there)
        // is said in one line, as picocli says a bad option, not as a stack trace
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (!(e instanceof IllegalArgumentException)) throw e;
            line.getErr().println(e.getMessage());
            return 2;
        });
        int code = cli.execute(args);
        if (code != 0) System.exit(code);
    }
}
