// The browser's end of a call (see MicStreamer in mic_streamer.py): opens the call socket, streams the
// microphone as PCM16 frames, and plays the prospect's voice gaplessly; "clear" stops playback at once.
export default {
  template: "<span></span>",
  props: {
    chunkMs: Number,
    resourcePath: String,
  },
  mounted() {
    this.socket = null;
    this.capture = null;
    this.playback = null;
    this.sources = [];
    this.playhead = 0;
    this.lastLevelAt = 0;
    this.stats = { sent: 0, received: 0, played: 0, cleared: 0, errors: [] };
    window.salesCoachCall = this.stats; // read by browser tests
  },
  unmounted() {
    this.stop();
  },
  methods: {
    start(url) {
      this.stop();
      this.ended = false;
      // Made here, as close to the rep's click as the page allows (Safari keeps later ones suspended).
      this.playback = new AudioContext();
      this.playback.resume();
      this.playhead = 0;
      const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
      const socket = new WebSocket(`${scheme}//${window.location.host}${window.path_prefix || ""}${url}`);
      socket.binaryType = "arraybuffer";
      this.socket = socket;
      this.$emit("state", { state: "connecting" });
      socket.onmessage = (event) => this.onFrame(event.data);
      socket.onclose = (event) => {
        if (this.socket !== socket) return; // an older socket, replaced by a retry
        if (!this.ended) {
          this.$emit("failure", { kind: "socket", message: `The connection to the call was lost (code ${event.code}).` });
        }
        this.stopAudio();
      };
    },
    retryMicrophone() {
      if (!this.capture && this.inputRate && this.socket && this.socket.readyState === WebSocket.OPEN) {
        this.startMicrophone(this.inputRate);
      }
    },
    async onFrame(data) {
      if (typeof data !== "string") {
        this.stats.received += 1;
        this.play(data);
        return;
      }
      const message = JSON.parse(data);
      if (message.type === "ready") {
        this.$emit("state", { state: "ready", engine: message.engine });
        this.outputRate = message.output_sample_rate;
        this.inputRate = message.input_sample_rate;
        await this.startMicrophone(message.input_sample_rate);
      } else if (message.type === "clear") {
        this.clearPlayback();
      } else if (message.type === "error") {
        this.stats.errors.push(message.message);
        this.$emit("server_error", { message: message.message });
      } else if (message.type === "ended") {
        this.ended = true;
        this.$emit("ended", { reason: message.reason });
        this.stop();
      }
    },
    async startMicrophone(rate) {
      const socket = this.socket;
      let stream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
          video: false,
        });
      } catch (error) {
        const kind = error && error.name === "NotAllowedError" ? "permission" : "microphone";
        this.$emit("failure", { kind, message: String(error && error.message ? error.message : error) });
        return;
      }
      if (this.socket !== socket || this.ended) {
        stream.getTracks().forEach((track) => track.stop()); // the call ended while the rep was deciding
        return;
      }
      const context = new AudioContext();
      try {
        await context.audioWorklet.addModule(`${window.path_prefix || ""}${this.resourcePath}/capture-worklet.js`);
        const node = new AudioWorkletNode(context, "pcm-capture", {
          processorOptions: { targetRate: rate, chunkMs: this.chunkMs || 100 },
        });
        node.port.onmessage = (event) => this.onCaptured(event.data);
        context.createMediaStreamSource(stream).connect(node);
        this.capture = { context, node, stream };
      } catch (error) {
        stream.getTracks().forEach((track) => track.stop());
        context.close();
        this.$emit("failure", { kind: "microphone", message: `The microphone could not start: ${error}` });
        return;
      }
      this.$emit("state", { state: "live" });
    },
    onCaptured({ pcm, level }) {
      if (this.socket && this.socket.readyState === WebSocket.OPEN) {
        this.socket.send(pcm);
        this.stats.sent += 1;
      }
      const now = performance.now();
      if (now - this.lastLevelAt > 150) {
        this.lastLevelAt = now;
        this.$emit("level", { level: Math.round(level * 1000) / 1000 });
      }
    },
    play(buffer) {
      if (!this.playback) {
        this.playback = new AudioContext();
        this.playhead = 0;
      }
      const context = this.playback;
      if (context.state === "suspended") context.resume();
      const samples = new Int16Array(buffer);
      if (!samples.length) return;
      const audio = context.createBuffer(1, samples.length, this.outputRate || 24000);
      const channel = audio.getChannelData(0);
      for (let i = 0; i < samples.length; i++) channel[i] = samples[i] / 0x8000;
      const source = context.createBufferSource();
      source.buffer = audio;
      source.connect(context.destination);
      this.playhead = Math.max(this.playhead, context.currentTime + 0.02);
      source.start(this.playhead);
      this.playhead += audio.duration;
      this.sources.push(source);
      source.onended = () => {
        this.sources = this.sources.filter((s) => s !== source);
        this.stats.played += 1;
      };
    },
    clearPlayback() {
      for (const source of this.sources) {
        try {
          source.stop();
        } catch (error) {
          // already stopped
        }
      }
      this.sources = [];
      this.playhead = 0;
      this.stats.cleared += 1;
    },
    stopAudio() {
      if (this.capture) {
        this.capture.stream.getTracks().forEach((track) => track.stop());
        this.capture.context.close();
        this.capture = null;
      }
    },
    stop() {
      this.stopAudio();
      if (this.playback) {
        this.clearPlayback();
        this.playback.close();
        this.playback = null;
      }
      if (this.socket) {
        const socket = this.socket;
        this.socket = null;
        if (socket.readyState <= WebSocket.OPEN) socket.close();
      }
    },
  },
};
