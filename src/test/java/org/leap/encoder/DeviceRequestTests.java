package org.leap.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The device option is parsed in one place, and a bad value is refused naming the option and what it accepts. */
class DeviceRequestTests {
    @Test
    void testParsesEachKindInAnyCase() {
        assertEquals(new DeviceRequest(DeviceRequest.Kind.CPU, "--device"), DeviceRequest.parse("cpu", "--device"));
        assertEquals(new DeviceRequest(DeviceRequest.Kind.GPU, "--device"), DeviceRequest.parse("GPU", "--device"));
        assertEquals(new DeviceRequest(DeviceRequest.Kind.AUTO, "--device"), DeviceRequest.parse("Auto", "--device"));
    }

    @Test
    void testRejectsAnotherNameNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceRequest.parse("cuda", "plugins.leap.device"));
        assertEquals("[plugins.leap.device] must be one of cpu, gpu, auto; got [cuda]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeviceRequest.parse(null, "--device"));
    }

    @Test
    void testSaysWhatWasAsked() {
        assertEquals("[plugins.leap.device] is auto", DeviceRequest.parse("auto", "plugins.leap.device").asked());
    }
}
