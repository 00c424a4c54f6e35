/// <reference types="office-js" />
// Placeholder entry of the task pane: the task-pane developer replaces it with the real app.
import { FluentProvider, Text, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';

function Placeholder() {
  return (
    <FluentProvider theme={webLightTheme} style={{ padding: '16px' }}>
      <Text as="h1" size={500} weight="semibold">
        预算绩效自评助手
      </Text>
    </FluentProvider>
  );
}

Office.onReady(() => {
  const container = document.getElementById('root');
  if (container) createRoot(container).render(<Placeholder />);
});
