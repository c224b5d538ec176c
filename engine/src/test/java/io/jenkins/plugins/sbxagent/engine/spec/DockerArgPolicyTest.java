package io.jenkins.plugins.sbxagent.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DockerArgPolicyTest {
    private static final String HARDENING_FIX = "The sandbox's hardening cannot be switched off from a run.";

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String argument) {
        return assertThatThrownBy(() -> DockerArgPolicy.check(List.of(argument)))
                .isInstanceOf(SpecException.class)
                .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo("--docker-arg"))
                .hasMessageStartingWith("--docker-arg: '" + argument + "' ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--privileged                            | privileged mode gives the sandbox every capability",
        "--privileged=true                       | privileged mode gives the sandbox every capability",
        "--network=host                          | the host network lets the sandbox reach every service on the host",
        "--net=host                              | the host network lets the sandbox reach every service on the host",
        "--network=HOST                          | the host network lets the sandbox reach every service on the host",
        "--pid=host                              | sharing a host namespace",
        "--ipc=host                              | sharing a host namespace",
        "--userns=host                           | sharing a host namespace",
        "--uts=host                              | sharing a host namespace",
        "--cap-add=SYS_ADMIN                     | capabilities are dropped, all of them, on purpose",
        "--device=/dev/kvm                       | host devices do not cross into the sandbox",
        "--gpus=all                              | host devices do not cross into the sandbox",
        "-v=/:/host                              | mounts are made by sbx-agent only",
        "--volume=/var/run/docker.sock:/s        | mounts are made by sbx-agent only",
        "'--mount=type=bind,src=/,dst=/h'        | mounts are made by sbx-agent only",
        "--volumes-from=other                    | mounts are made by sbx-agent only",
        "--tmpfs=/x                              | mounts are made by sbx-agent only",
        "--security-opt=seccomp=unconfined       | seccomp and AppArmor keep Docker's default profiles",
        "--user=0                                | use the run's user option; the sandbox never runs as root",
        "-u=0                                    | use the run's user option; the sandbox never runs as root",
        "--group-add=0                           | use the run's user option",
        "--env=X=1                               | environment and labels are set by sbx-agent only",
        "-e=X=1                                  | environment and labels are set by sbx-agent only",
        "--label=a=b                             | environment and labels are set by sbx-agent only",
    })
    void shouldRefuseAnArgumentThatWeakensTheSandbox(String argument, String reason) {
        assertRefused(argument)
                .hasMessageContaining("is refused: " + reason)
                .hasMessageEndingWith(HARDENING_FIX);
    }

    @Test
    void shouldRefuseAHostNetworkWrittenWithASpace() {
        assertRefused("--network host").hasMessageContaining("the host network lets the sandbox reach every service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--runtime=runsc", "--ulimit=nofile=1024:1024", "--shm-size=64m", "--cpu-shares=512",
        "--cpuset-cpus=0-3", "--memory-reservation=1g", "--stop-timeout=30", "--hostname=agent"})
    void shouldPassAnAllowListedArgument(String argument) {
        assertThat(DockerArgPolicy.check(List.of(argument))).containsExactly(argument);
    }

    @Test
    void shouldPassSeveralAllowListedArgumentsInOrder() {
        assertThat(DockerArgPolicy.check(List.of("--runtime=runsc", "--ulimit=nofile=1024:1024", "--shm-size=64m")))
                .containsExactly("--runtime=runsc", "--ulimit=nofile=1024:1024", "--shm-size=64m");
    }

    @Test
    void shouldPassNoArguments() {
        assertThat(DockerArgPolicy.check(List.of())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--foo=bar", "--runtime", "--runtime runsc", "--shm-size=64m;rm", "--network=container:db",
        "--cgroup-parent=/", "--RUNTIME=runsc", "runsc"})
    void shouldRefuseAnArgumentThatIsNotOnTheAllowList(String argument) {
        assertRefused(argument)
                .hasMessageContaining("is not on the allow-list")
                .hasMessageContaining("Allowed, as --flag=value: --runtime, --ulimit, --shm-size");
    }

    @Test
    void shouldNameTheFirstRefusedArgument() {
        assertThatThrownBy(() -> DockerArgPolicy.check(List.of("--runtime=runsc", "--foo=bar", "--privileged")))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("'--foo=bar'")
                .hasMessageNotContaining("--privileged");
    }
}
