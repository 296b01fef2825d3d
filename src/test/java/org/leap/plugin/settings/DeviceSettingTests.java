package org.leap.plugin.settings;

import org.leap.encoder.DeviceRequest;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.settings.SettingsModule;
import org.opensearch.test.OpenSearchTestCase;

/**
 * {@code plugins.leap.device} is parsed when the node starts: a value other than cpu, gpu or auto, and gpu with the
 * CPU-only onnxruntime engine, stop the start (OpenSearch validates the node's settings in {@link SettingsModule}).
 */
public class DeviceSettingTests extends OpenSearchTestCase {
    private static SettingsModule start(Settings settings) {
        return new SettingsModule(settings, LeapSettings.all().toArray(new Setting<?>[0]));
    }

    private static Settings device(String device, String engine) {
        Settings.Builder b = Settings.builder().put(LeapSettings.DEVICE.getKey(), device);
        return engine == null ? b.build() : b.put(LeapSettings.ENCODER_ENGINE.getKey(), engine).build();
    }

    public void testDefaultIsCpu() {
        assertEquals(new DeviceRequest(DeviceRequest.Kind.CPU, "plugins.leap.device"), LeapSettings.DEVICE.get(Settings.EMPTY));
    }

    public void testRefusesAnotherValueAtStartNamingTheSetting() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> start(device("cuda", "pytorch")));
        assertTrue(e.getMessage(), e.getMessage().contains("[plugins.leap.device] must be one of cpu, gpu, auto; got [cuda]"));
    }

    public void testRefusesGpuOnTheDefaultOnnxRuntimeEngineAtStart() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> start(device("gpu", null)));
        assertTrue(e.getMessage(), e.getMessage().contains("[plugins.leap.device] is gpu, which needs [plugins.leap.encoder.engine] "
            + "pytorch, not onnxruntime: the plugin's ONNX Runtime runs on CPU only; see README.md, section \"Device\""));
        expectThrows(IllegalArgumentException.class, () -> start(device("gpu", "onnxruntime")));
    }

    public void testAcceptsGpuOnPytorchAndAutoOnEitherEngine() {
        start(device("gpu", "pytorch"));
        start(device("auto", null));
        start(device("auto", "pytorch"));
        assertEquals(DeviceRequest.Kind.GPU, LeapSettings.DEVICE.get(device("GPU", "pytorch")).kind());
    }
}
