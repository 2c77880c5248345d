package org.ovm.plugin.vlannet.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records every command; answers from scripted rules (first rule whose text the command contains), else success. */
final class FakeRunner implements CommandRunner {

    record Call(List<String> argv, String stdin) {

        String line() {
            return String.join(" ", argv);
        }
    }

    private record Rule(String contains, int exitCode, String stdout, String stderr) {
    }

    final List<Call> calls = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();

    FakeRunner answer(String contains, int exitCode, String stdout, String stderr) {
        rules.add(new Rule(contains, exitCode, stdout, stderr));
        return this;
    }

    @Override
    public synchronized Result run(List<String> argv, Duration timeout, String stdin) {
        calls.add(new Call(List.copyOf(argv), stdin));
        String line = String.join(" ", argv);
        for (Rule rule : rules) {
            if (line.contains(rule.contains())) {
                return new Result(argv, rule.exitCode(), rule.stdout(), rule.stderr());
            }
        }
        return new Result(argv, 0, "", "");
    }

    List<String> lines() {
        return calls.stream().map(Call::line).toList();
    }
}
