package io.aether.child;

import java.util.List;

/** What a {@code child:} endpoint runs: the executable and its arguments, never through a shell. */
public record ChildCommand(List<String> argv) {
    public ChildCommand {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs an executable");
        }
        argv = List.copyOf(argv);
    }

    public String executable() {
        return argv.get(0);
    }

    public List<String> args() {
        return argv.subList(1, argv.size());
    }
}
