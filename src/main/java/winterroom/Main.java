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
        int code = new CommandLine(new WinterRoomCommand()).execute(args);
        if (code != 0) System.exit(code);
    }
}
