import { Fragment } from 'react';

/**
 * An ARN (or any colon/slash path) that wraps only between its parts — after ":" and "/" — instead of
 * in the middle of a word, e.g. `arn:aws:lambda:eu-west-1:…:function:` | `orders-api`.
 */
export function Arn(props: { value: string }) {
  const parts = props.value.split(/(?<=[:/])/);
  return (
    <span style={{ overflowWrap: 'anywhere' }}>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </span>
  );
}
