// A large, valid librechat.yaml: N custom endpoints and N remote MCP servers on distinct hosts.
export function largeConfig(endpoints: number, servers: number): string {
  const lines = [
    'version: 1.3.9',
    'interface:',
    '  mcpServers:',
    '    create: false',
    'actions:',
    '  allowedDomains: ["api.weather.gov"]',
    'endpoints:',
    '  custom:',
  ];
  for (let i = 0; i < endpoints; i++) {
    lines.push(
      `    - name: "Provider ${i}"`,
      `      apiKey: "\${PROVIDER_${i}_KEY}"`,
      `      baseURL: "https://api.provider-${i}.example-llm.com/v1"`,
      '      models:',
      `        default: ["model-${i}-large", "model-${i}-small"]`,
      '        fetch: true',
    );
  }
  lines.push('mcpServers:');
  for (let i = 0; i < servers; i++) {
    lines.push(
      `  tool-${i}:`,
      '    type: streamable-http',
      `    url: "https://mcp.tool-${i}.example-tools.io/mcp"`,
      '    headers:',
      `      Authorization: "Bearer \${TOOL_${i}_TOKEN}"`,
    );
  }
  return `${lines.join('\n')}\n`;
}
