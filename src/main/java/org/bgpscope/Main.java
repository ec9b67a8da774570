package org.bgpscope;

import org.bgpscope.cli.Cli;

/**
 * Entry point: {@code bgpscope COMMAND ...} runs the command line; no arguments, or files, open the
 * window.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && (Cli.isCommand(args[0]) || args[0].startsWith("-"))) {
            System.exit(Cli.main(args));
        }
        org.bgpscope.ui.DesktopApp.start(args);
    }
}
