# One image per service: docker build --build-arg SERVICE=membership-service .
# Build the jars first (./mvnw -DskipTests install); the image only copies one.
FROM eclipse-temurin:25-jre
ARG SERVICE
COPY ${SERVICE}/target/${SERVICE}.jar /app/service.jar
USER 1000
ENTRYPOINT ["java", "-Xmx512m", "-jar", "/app/service.jar"]
