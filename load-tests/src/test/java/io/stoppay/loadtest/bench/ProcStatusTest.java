package io.stoppay.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcStatusTest {

    @Test
    void shouldReadTheResidentSetSizeInBytes() {
        assertThat(ProcStatus.residentBytes(List.of("Name:\tjava", "VmPeak:\t 9000 kB", "VmRSS:\t  123456 kB")))
                .hasValue(123_456L * 1024);
    }

    @Test
    void shouldSayNothingWhenTheStatusHasNoResidentSetSize() {
        assertThat(ProcStatus.residentBytes(List.of("Name:\tkthreadd"))).isEmpty();
    }

    @Test
    void shouldReadThisProcessesOwnResidentSetSizeOnLinux() {
        assertThat(ProcStatus.residentBytes(ProcessHandle.current().pid()).orElseThrow()).isGreaterThan(1024 * 1024);
    }
}
