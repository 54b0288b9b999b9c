package winterroom.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import winterroom.auth.Role;
import winterroom.auth.Tokens;

import java.util.concurrent.Callable;

/** Makes a new bearer token: prints the token once, and the line to add to the tokens file. */
@Command(name = "new-token", mixinStandardHelpOptions = true,
        description = "Make a bearer token for NAME with ROLE (VIEWER, ASSESSOR, POLICY_OWNER or RULE_AUTHOR); print it and its tokens-file line.")
public final class NewTokenCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "who the token is for (recorded with what they do)")
    String name;

    @Parameters(index = "1", paramLabel = "ROLE", description = "VIEWER, ASSESSOR, POLICY_OWNER or RULE_AUTHOR")
    Role role;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String problem = Tokens.nameProblem(name);
        if (problem != null) {
            spec.commandLine().getErr().println("NAME is refused: " + problem);
            return 2;
        }
        String token = Tokens.newToken();
        var out = spec.commandLine().getOut();
        out.println("token (give it to " + name + "; it is not stored anywhere): " + token);
        out.println("line for the tokens file:");
        out.println(Tokens.line(name, role, token));
        out.flush();
        return 0;
    }
}
