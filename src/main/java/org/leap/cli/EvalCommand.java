package org.leap.cli;

import picocli.CommandLine.Command;

/** {@code leap eval}: quality at full depth against early exit, on STS or on a BEIR retrieval set. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate full depth against early exit.",
    subcommands = { EvalStsCommand.class, EvalBeirCommand.class })
final class EvalCommand {}
