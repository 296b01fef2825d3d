package org.leap.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code leap} command line: diagnostics, evaluation and benchmarks of early-exit encoders. Errors a user can
 * fix (a bad option, a missing file, an unknown model) print one line and exit with status 2, not a stack trace.
 */
@Command(name = "leap", mixinStandardHelpOptions = true, version = "leap 0.1.0",
    description = "Early-exit sentence encoders (LEAP): diagnose, evaluate, benchmark, train, calibrate.",
    subcommands = { DiagnoseCommand.class, EvalCommand.class, BenchCommand.class, BenchNodeCommand.class, TrainCommand.class, CalibrateCommand.class,
    TuneCommand.class, ExitHeadsCommand.class })
public final class LeapCli {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LeapCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                commandLine.getErr().println("leap: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }
}
