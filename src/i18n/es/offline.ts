export default {
  lastSeenAt: 'Sin conexión: se muestra lo último que vio este teléfono a las {{time}}',
  lastSeenOn: 'Sin conexión: se muestra lo último que vio este teléfono el {{day}} a las {{time}}',
  entriesWait: 'Las entradas nuevas esperan en este teléfono y se envían cuando la laptop esté a su alcance.',
  concernQueued_one: 'Preocupación en cola – se enviará al conectarse',
  concernQueued_many: '{{count}} preocupaciones en cola – se enviarán al conectarse',
  concernQueued_other: '{{count}} preocupaciones en cola – se enviarán al conectarse',
  concernNotSent: 'Tu preocupación no se envió: {{detail}}',
  concernQueuedTitle: 'Preocupación en cola',
  concernQueuedBody:
    'Sin conexión: tu preocupación queda guardada en este teléfono con la hora en que la escribiste, y llega a quienes atienden las preocupaciones en cuanto vuelva el wifi del set.',
  concernQueuedAnonymous: 'Cuando se envíe, tu clave de seguimiento y tu frase de acceso aparecerán en esta página. Anótalas en ese momento: Setbook no puede volver a mostrarlas.',
};
