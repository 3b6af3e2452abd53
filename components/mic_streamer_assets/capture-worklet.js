// Turns the microphone into PCM16 frames at the call's input rate, `chunkMs` long, and reports the level.
// Runs on the audio thread; downsamples from the context's own rate by averaging (a box filter, enough for
// speech at 16 kHz and up), so the context can stay at the device's native rate in every browser. Muting is the
// server's (the live-call service sends the engine silence), so the meter still shows a rep talking while muted.
class PcmCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const { targetRate, chunkMs } = options.processorOptions;
    this.step = sampleRate / targetRate;
    this.frame = new Int16Array(Math.round((targetRate * chunkMs) / 1000));
    this.filled = 0;
    this.position = 0;
    this.sum = 0;
    this.count = 0;
    this.energy = 0;
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) return true;
    for (let i = 0; i < channel.length; i++) {
      this.sum += channel[i];
      this.count += 1;
      this.position += 1;
      if (this.position >= this.step) {
        this.position -= this.step;
        const sample = Math.max(-1, Math.min(1, this.sum / this.count));
        this.sum = 0;
        this.count = 0;
        this.energy += sample * sample;
        this.frame[this.filled++] = sample < 0 ? sample * 0x8000 : sample * 0x7fff;
        if (this.filled === this.frame.length) {
          const level = Math.sqrt(this.energy / this.frame.length);
          const pcm = this.frame.buffer.slice(0);
          this.port.postMessage({ pcm, level }, [pcm]);
          this.filled = 0;
          this.energy = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor("pcm-capture", PcmCapture);
