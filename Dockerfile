# SecHubBot Bot (src/Bot): the Slack-facing ASP.NET Core service that charts/sechub-bot deploys.
#   docker build -t sechubbot-bot .
#   docker run --rm -p 8080:8080 -e SLACK_BOT_TOKEN -e SLACK_APP_TOKEN -e AWS_REGION sechubbot-bot
# Multi-stage: the SDK image only builds; the runtime image carries the published app and nothing else.

# Runtime base. Ubuntu "chiseled" ASP.NET image: no shell, no package manager, runs as the non-root
# "app" user (UID 1654) by default, a fraction of the regular image's size and CVE surface. It has
# no ICU, which is fine: the solution builds with InvariantGlobalization (Directory.Build.props).
# Should the bot ever need time-zone data or ICU, use ...:10.0-noble-chiseled-extra instead, or the
# regular mcr.microsoft.com/dotnet/aspnet:10.0 for a shell when debugging.
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the files restore reads, so the package layer is cached across code edits.
# global.json pins the SDK band; Directory.Packages.props holds the central package versions;
# Directory.Build.props and .editorconfig set the build rules (warnings are errors).
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Core/SecHubBot.Core.csproj src/Core/
COPY src/Bot/SecHubBot.Bot.csproj src/Bot/
RUN dotnet restore src/Bot/SecHubBot.Bot.csproj
COPY src/Core/ src/Core/
COPY src/Bot/ src/Bot/
# Framework-dependent and portable (no RID): the same output runs on amd64 and arm64 runtimes.
RUN dotnet publish src/Bot/SecHubBot.Bot.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM ${RUNTIME_IMAGE} AS runtime
WORKDIR /app
COPY --from=build --chown=root:root /app ./
# Kestrel's one port: /slack/* (HTTP mode), /healthz, /readyz, /metrics.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
# Numeric non-root user ($APP_UID of the .NET images) so Kubernetes' runAsNonRoot can verify it.
# The app files stay owned by root: the process cannot modify its own code.
USER 1654:1654
# No HEALTHCHECK: the chiseled image has no shell or curl; Kubernetes probes /healthz and /readyz.
ENTRYPOINT ["dotnet", "SecHubBot.Bot.dll"]
