package org.leap.plugin.settings;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.leap.encoder.DeviceRequest;
import org.leap.encoder.engine.EncoderEngine;
import org.opensearch.common.settings.Setting;

/**
 * Refuses {@code plugins.leap.device: gpu} with an engine that cannot run on a GPU (the ONNX Runtime in the plugin
 * is its CPU build). OpenSearch runs this check on the node's settings before the node starts, so the mistake stops
 * the start with a message instead of failing every model load later.
 */
final class DeviceEngineCheck implements Setting.Validator<DeviceRequest> {
    @Override
    public void validate(DeviceRequest device) {}

    @Override
    public void validate(DeviceRequest device, Map<Setting<?>, Object> settings) {
        String engine = (String) settings.get(LeapSettings.ENCODER_ENGINE);
        if (EncoderEngine.parse(engine).accepts(device) == false) {
            throw new IllegalArgumentException(device.asked() + ", which needs [" + LeapSettings.ENCODER_ENGINE.getKey()
                + "] pytorch, not " + engine + ": the plugin's ONNX Runtime runs on CPU only; see README.md, section \"Device\"");
        }
    }

    @Override
    public Iterator<Setting<?>> settings() {
        return List.<Setting<?>>of(LeapSettings.ENCODER_ENGINE).iterator();
    }
}
